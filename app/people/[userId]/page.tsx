import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { StatusBadge } from "@/components/status-badge";
import { formatMinutes, formatPercent } from "@/lib/attendance/format";
import { requireViewer } from "@/lib/auth/guards";
import { getPersonHistory } from "@/lib/people/queries";
import { decodeSegment } from "@/lib/route-params";
import { formatInstant } from "@/lib/time-format";
import { viewerTimeZone } from "@/lib/time-zone";
import { countOf } from "@/lib/plural";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ userId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const userId = decodeSegment((await params).userId);
  return { title: `Person ${userId}` };
}

/** Renders one person's sessions across the viewer's rooms, with status and presence per session and totals. */
export default async function PersonPage({ params }: Params) {
  const userId = decodeSegment((await params).userId);
  const viewer = await requireViewer(`/people/${encodeURIComponent(userId)}`);
  const timeZone = viewerTimeZone(viewer);
  // A person seen only in other teachers' rooms is reported as not found.
  const history = await getPersonHistory(viewer, userId);
  if (!history) notFound();
  const { totals } = history;

  return (
    <>
      <p className="muted">
        <Link href="/sessions">← Sessions</Link>
      </p>
      <h1>{history.name}</h1>
      <p className="muted">
        User ID {history.userId} · {countOf(history.sessions.length, "session")} · times in {timeZone} ·{" "}
        <a href={`/people/${encodeURIComponent(history.userId)}/sessions.csv`} download>
          Download CSV
        </a>
      </p>

      <dl className="summary" aria-label="Totals">
        <div>
          <dt>Sessions</dt>
          <dd data-testid="total-sessions">{totals.sessions}</dd>
        </div>
        <div>
          <dt>Attended</dt>
          <dd data-testid="total-attended">{totals.attended}</dd>
        </div>
        <div>
          <dt>Excused</dt>
          <dd>{totals.excused}</dd>
        </div>
        <div>
          <dt>Attendance rate (%)</dt>
          <dd data-testid="attendance-rate">{totals.attendanceRate === null ? "—" : formatPercent(totals.attendanceRate)}</dd>
        </div>
        <div>
          <dt>Presence (min)</dt>
          <dd data-testid="total-presence">{formatMinutes(totals.presenceMs)}</dd>
        </div>
        <div>
          <dt>Session time (min)</dt>
          <dd>{formatMinutes(totals.sessionDurationMs)}</dd>
        </div>
      </dl>
      <p className="muted">Attended means present, late or left early; excused sessions are left out of the rate.</p>

      <div className="table-scroll">
        <table data-testid="person-sessions">
          <thead>
            <tr>
              <th>Room</th>
              <th>Session start</th>
              <th className="number">Session (min)</th>
              <th className="number">Presence (min)</th>
              <th className="number">Share (%)</th>
              <th className="number">Joins</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {history.sessions.map((row) => (
              <tr key={row.sessionId}>
                <td>
                  <Link href={`/rooms/${encodeURIComponent(row.roomId)}`}>{row.roomName}</Link>
                </td>
                <td>
                  <Link href={`/sessions/${encodeURIComponent(row.sessionId)}`}>{formatInstant(row.sessionStartMs, timeZone)}</Link>
                  {row.live && <span className="badge live">Live</span>}
                </td>
                <td className="number">{formatMinutes(row.sessionDurationMs)}</td>
                <td className="number">{formatMinutes(row.status.attendance?.presenceMs ?? 0)}</td>
                <td className="number">{formatPercent(row.status.attendance?.share ?? 0)}</td>
                <td className="number">{row.status.attendance?.joins ?? 0}</td>
                <td>
                  <StatusBadge status={row.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
