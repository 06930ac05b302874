import type { Metadata } from "next";
import Link from "next/link";

import { requireViewer } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { listHref, parseListSearch } from "@/lib/sessions/list-filters";
import { listRooms, listSessions } from "@/lib/sessions/queries";
import { formatDuration, formatInstant } from "@/lib/time-format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const timeZone = getEnv().DISPLAY_TIME_ZONE;
  const { search, filters, problems } = parseListSearch(await searchParams, timeZone);
  const viewer = await requireViewer(listHref(search));
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
          Page {list.page} of {list.pageCount} · {list.total} sessions
        </span>
        {list.page < list.pageCount ? <Link href={listHref({ ...search, page: list.page + 1 })}>Older →</Link> : <span />}
      </nav>
    </>
  );
}
