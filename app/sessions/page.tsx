import type { Metadata } from "next";
import Link from "next/link";

import { requireViewer } from "@/lib/auth/guards";
import { listHref, parseListSearch } from "@/lib/sessions/list-filters";
import { listRooms, listSessions } from "@/lib/sessions/queries";
import { formatDuration, formatInstant } from "@/lib/time-format";
import { viewerTimeZone } from "@/lib/time-zone";
import { countOf } from "@/lib/plural";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // The sign-in return path needs the filters, and parsing their dates needs the viewer's zone;
  // the zone only turns whole days into instants, so UTC is enough for the return path.
  const viewer = await requireViewer(listHref(parseListSearch(params, "UTC").search));
  const timeZone = viewerTimeZone(viewer);
  const { search, filters, problems } = parseListSearch(params, timeZone);
  const [list, rooms] = await Promise.all([listSessions(viewer, filters), listRooms(viewer)]);
  const nowMs = Date.now();

  return (
    <>
      <h1>Sessions</h1>
      <p className="muted">Times in {timeZone}. Newest first.</p>

      <form className="filters" method="get" action="/sessions">
        <label>
          Room
          <select name="room" defaultValue={search.room ?? ""}>
            <option value="">All rooms</option>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={search.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={search.to ?? ""} />
        </label>
        <button type="submit">Filter</button>
        <Link href="/sessions">Clear</Link>
        <a href={exportHref(search)} download data-testid="sessions-export">
          Download CSV (100ms export columns)
        </a>
      </form>
      {problems.length > 0 && <p className="error">Ignored invalid filters: {problems.join("; ")}</p>}

      {list.rows.length === 0 ? (
        <p>
          {viewer.role === "teacher" && viewer.roomIds.length === 0
            ? "No rooms are assigned to you yet. Ask an admin to assign your rooms."
            : "No sessions match. Sessions appear here when 100ms sends their webhook events."}
        </p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Room</th>
                <th>Start</th>
                <th>End</th>
                <th className="number">Duration</th>
                <th className="number">People</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((session) => {
                const endMs = session.stoppedAt?.getTime() ?? nowMs;
                const durationMs = session.startedAt ? Math.max(0, endMs - session.startedAt.getTime()) : null;
                return (
                  <tr key={session.id}>
                    <td>
                      <Link href={`/sessions/${encodeURIComponent(session.id)}`}>{session.roomName}</Link>
                    </td>
                    <td>{formatInstant(session.startedAt, timeZone)}</td>
                    <td>{session.live ? "—" : formatInstant(session.stoppedAt, timeZone)}</td>
                    <td className="number">{durationMs === null ? "—" : formatDuration(durationMs)}</td>
                    <td className="number">{session.participantCount}</td>
                    <td>{session.live ? <span className="badge live">Live</span> : <span className="badge">Ended</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pagination" aria-label="Pages">
        {list.page > 1 ? <Link href={listHref({ ...search, page: list.page - 1 })}>← Newer</Link> : <span />}
        <span className="muted">
          Page {list.page} of {list.pageCount} · {countOf(list.total, "session")}
        </span>
        {list.page < list.pageCount ? <Link href={listHref({ ...search, page: list.page + 1 })}>Older →</Link> : <span />}
      </nav>
    </>
  );
}

/** The export URL for the list's filters, without the page number. */
function exportHref(search: { room?: string; from?: string; to?: string }): string {
  const params = new URLSearchParams();
  if (search.room) params.set("room", search.room);
  if (search.from) params.set("from", search.from);
  if (search.to) params.set("to", search.to);
  const query = params.toString();
  return query ? `/sessions/export.csv?${query}` : "/sessions/export.csv";
}
