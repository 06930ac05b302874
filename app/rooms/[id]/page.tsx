import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ActionForm } from "@/components/action-form";
import { RoomAttendanceChart } from "@/components/charts";
import { formatMinutes, formatPercent } from "@/lib/attendance/format";
import { DEFAULT_RULES, STATUS_LABELS } from "@/lib/attendance/status";
import { requireViewer } from "@/lib/auth/guards";
import { canManageRoom } from "@/lib/auth/permissions";
import { getRoomReport } from "@/lib/rooms/queries";
import { formatInstant } from "@/lib/time-format";
import { viewerTimeZone } from "@/lib/time-zone";
import { countOf } from "@/lib/plural";

import { removeRosterEntryAction, saveRosterEntryAction, updateRulesAction, uploadRosterAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Room ${id}` };
}

/** Renders a room's sessions, its gradebook of people × sessions, its attendance rules and its roster. */
export default async function RoomPage({ params }: Params) {
  const { id } = await params;
  const viewer = await requireViewer(`/rooms/${encodeURIComponent(id)}`);
  const timeZone = viewerTimeZone(viewer);
  // A room of another teacher is reported as not found, like one that does not exist.
  const report = await getRoomReport(viewer, id);
  if (!report) notFound();
  const manage = canManageRoom(viewer, report.id);
  const { rules, storedRules } = report;
  const chartSessions = report.sessions.flatMap((session) =>
    session.startMs !== null && session.attendanceRate !== null ? [{ id: session.id, startMs: session.startMs, rate: session.attendanceRate }] : [],
  );

  return (
    <>
      <p className="muted">
        <Link href="/rooms">← Rooms</Link>
      </p>
      <h1>{report.name}</h1>
      <p className="muted">
        Room {report.id} · {countOf(report.sessions.length, "session")} · {report.roster.length} on the roster · times in {timeZone}
      </p>

      <section aria-label="Attendance rules">
        <h2>Attendance rules</h2>
        <p data-testid="rules-in-force">
          Present when presence is at least <strong>{rules.presentMinPercent}%</strong> of the session; late when the first join is
          more than <strong>{rules.lateAfterMinutes} min</strong> after the start; left early when the last leave is more than{" "}
          <strong>{rules.leftEarlyMinutes} min</strong> before the end.
        </p>
        <p className="muted">
          Defaults: {DEFAULT_RULES.presentMinPercent}%, {DEFAULT_RULES.lateAfterMinutes} min and {DEFAULT_RULES.leftEarlyMinutes} min. Each
          person gets one status, checked in this order: absent (on the roster, never joined), partial (below the present threshold),
          late, left early, present. A person who is both late and left early is late. Exactly the threshold counts as present, and
          a join exactly {rules.lateAfterMinutes} min after the start is not late. The attendance rate counts present, late and left
          early as attended and leaves excused sessions out.
        </p>
        {manage && (
          <ActionForm action={updateRulesAction} className="filters" label="Attendance rules">
            <input type="hidden" name="roomId" value={report.id} />
            <label>
              Present threshold (%)
              <input type="number" name="presentMinPercent" min={0} max={100} step={1} defaultValue={storedRules.presentMinPercent ?? ""} placeholder={`${DEFAULT_RULES.presentMinPercent} (default)`} />
            </label>
            <label>
              Late after (min)
              <input type="number" name="lateAfterMinutes" min={0} max={720} step={1} defaultValue={storedRules.lateAfterMinutes ?? ""} placeholder={`${DEFAULT_RULES.lateAfterMinutes} (default)`} />
            </label>
            <label>
              Left early (min)
              <input type="number" name="leftEarlyMinutes" min={0} max={720} step={1} defaultValue={storedRules.leftEarlyMinutes ?? ""} placeholder={`${DEFAULT_RULES.leftEarlyMinutes} (default)`} />
            </label>
            <button type="submit">Save rules</button>
          </ActionForm>
        )}
      </section>

      <h2>Attendance per session</h2>
      {chartSessions.length === 0 ? <p>No session with people yet.</p> : <RoomAttendanceChart sessions={chartSessions} timeZone={timeZone} />}

      <h2>Gradebook</h2>
      <p className="muted">
        Each cell shows the status and the presence in minutes. Guests joined without being on the roster.{" "}
        <a href={`/rooms/${encodeURIComponent(report.id)}/matrix.csv`} download>
          Download CSV
        </a>
      </p>
      {report.rows.length === 0 ? (
        <p>No one has joined a session of this room, and the roster is empty.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="room-matrix">
            <thead>
              <tr>
                <th>Person</th>
                <th className="number">Rate (%)</th>
                {report.sessions.map((session) => (
                  <th key={session.id}>
                    <Link href={`/sessions/${encodeURIComponent(session.id)}`}>{formatInstant(session.startMs, timeZone)}</Link>
                    {session.live && <span className="badge live">Live</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.personKey} data-testid="matrix-row" data-user-id={row.userId}>
                  <td>
                    {row.userId ? <Link href={`/people/${encodeURIComponent(row.userId)}`}>{row.name}</Link> : row.name}
                    {!row.rostered && report.roster.length > 0 && <span className="badge">guest</span>}
                  </td>
                  <td className="number" data-testid="matrix-rate">
                    {row.attendanceRate === null ? "—" : formatPercent(row.attendanceRate)}
                  </td>
                  {row.cells.map((cell, index) => (
                    <td key={report.sessions[index].id} data-testid="matrix-cell" data-status={cell?.effective ?? ""}>
                      {cell === null ? (
                        <span className="muted">—</span>
                      ) : (
                        <>
                          <span className={`badge status-${cell.effective}`}>{STATUS_LABELS[cell.effective]}</span>
                          {cell.override && <span className="muted" title={`computed: ${STATUS_LABELS[cell.computed]}; ${cell.override.reason}`}>*</span>}{" "}
                          <span className="muted">{formatMinutes(cell.attendance?.presenceMs ?? 0)}</span>
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">* a teacher overrode the computed status; the session page shows who, when and why.</p>

      <h2>Roster</h2>
      <p className="muted">
        Rostered people who never join a session are absent from it. Upload a CSV file with a header row naming <code>user_id</code>,{" "}
        <code>name</code> and optionally <code>email</code>; the upload replaces the whole roster. The <code>user_id</code> is the one
        your app puts in the 100ms auth token.
      </p>
      {manage && (
        <>
          <ActionForm action={uploadRosterAction} className="filters" label="Upload roster">
            <input type="hidden" name="roomId" value={report.id} />
            <label>
              Roster CSV
              <input type="file" name="roster" accept=".csv,text/csv" required />
            </label>
            <button type="submit">Upload and replace</button>
          </ActionForm>
          <ActionForm action={saveRosterEntryAction} className="filters" label="Add to roster">
            <input type="hidden" name="roomId" value={report.id} />
            <label>
              User ID
              <input name="userId" required maxLength={256} />
            </label>
            <label>
              Name
              <input name="name" required maxLength={256} />
            </label>
            <label>
              Email (optional)
              <input name="email" type="email" maxLength={320} />
            </label>
            <button type="submit">Add or update</button>
          </ActionForm>
        </>
      )}
      {report.roster.length === 0 ? (
        <p>The roster is empty, so nobody is marked absent and nobody is a guest.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="roster">
            <thead>
              <tr>
                <th>User ID</th>
                <th>Name</th>
                <th>Email</th>
                {manage && <th />}
              </tr>
            </thead>
            <tbody>
              {report.roster.map((entry) => (
                <tr key={entry.userId}>
                  <td>{entry.userId}</td>
                  <td>{entry.name}</td>
                  <td>{entry.email ?? ""}</td>
                  {manage && (
                    <td>
                      <ActionForm action={removeRosterEntryAction} label={`Remove ${entry.userId}`}>
                        <input type="hidden" name="roomId" value={report.id} />
                        <input type="hidden" name="userId" value={entry.userId} />
                        <button type="submit" className="link-button">
                          Remove
                        </button>
                      </ActionForm>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
