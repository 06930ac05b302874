import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { formatMinutes, formatPercent } from "@/lib/attendance/format";
import { requireViewer } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { getPersonHistory } from "@/lib/people/queries";
import { formatInstant } from "@/lib/time-format";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ userId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { userId } = await params;
  return { title: `Person ${userId}` };
}

/** One person's sessions across the viewer's rooms, with presence per session. */
export default async function PersonPage({ params }: Params) {
  const { userId } = await params;
  const viewer = await requireViewer(`/people/${encodeURIComponent(userId)}`);
  const timeZone = getEnv().DISPLAY_TIME_ZONE;
  // A person seen only in other teachers' rooms is reported as not found.
  const history = await getPersonHistory(viewer, userId);
  if (!history) notFound();

  return (
    <>
      <p className="muted">
        <Link href="/sessions">← Sessions</Link>
      </p>
      <h1>{history.name}</h1>
      <p className="muted">
        User ID {history.userId} · {history.sessions.length} sessions · times in {timeZone}
      </p>

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
            </tr>
          </thead>
          <tbody>
            {history.sessions.map((row) => (
              <tr key={row.sessionId}>
                <td>{row.roomName}</td>
                <td>
                  <Link href={`/sessions/${encodeURIComponent(row.sessionId)}`}>{formatInstant(row.sessionStartMs, timeZone)}</Link>
                  {row.live && <span className="badge live">Live</span>}
                </td>
                <td className="number">{formatMinutes(row.sessionDurationMs)}</td>
                <td className="number">{formatMinutes(row.attendance.presenceMs)}</td>
                <td className="number">{formatPercent(row.attendance.share)}</td>
                <td className="number">{row.attendance.joins}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
