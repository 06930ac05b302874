import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { AttendanceTable, type AttendanceRow } from "@/components/attendance-table";
import { formatMinutes } from "@/lib/attendance/format";
import { requireViewer } from "@/lib/auth/guards";
import { getEnv } from "@/lib/env";
import { describeReconciliation } from "@/lib/reconcile/describe";
import { getSessionDetail } from "@/lib/sessions/queries";
import { formatInstant } from "@/lib/time-format";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Session ${id}` };
}

export default async function SessionPage({ params }: Params) {
  const { id } = await params;
  const viewer = await requireViewer(`/sessions/${encodeURIComponent(id)}`);
  const timeZone = getEnv().DISPLAY_TIME_ZONE;
  const nowMs = Date.now();
  // A session of another teacher's room is reported as not found, like one that does not exist.
  const session = await getSessionDetail(viewer, id, nowMs);
  if (!session) notFound();

  const { attendance } = session;
  const rows: AttendanceRow[] = attendance.people.map((person) => ({
    personKey: person.personKey,
    name: person.name,
    userId: person.userId,
    role: person.role,
    firstJoinMs: person.firstJoinMs,
    lastLeaveMs: person.lastLeaveMs,
    presenceMs: person.presenceMs,
    connectionMs: person.connectionMs,
    joins: person.joins,
    share: person.share,
    estimated: person.estimated,
  }));
  const reconciliation = describeReconciliation(session.reconciliation, attendance.live, (date) => formatInstant(date, timeZone));

  return (
    <>
      <p className="muted">
        <Link href="/sessions">← Sessions</Link>
      </p>
      <h1>
        {session.roomName}{" "}
        {attendance.live ? <span className="badge live">Live</span> : <span className="badge">Ended</span>}
      </h1>
      <p className="muted">
        Session {session.id} · times in {timeZone}
        {attendance.live && ` · figures count open connections up to ${formatInstant(nowMs, timeZone)}`}
      </p>

      <section className="reconciliation" aria-label="Source of figures">
        <p>
          <span className="badge" data-testid="reconciliation-status">
            {reconciliation.label}
          </span>{" "}
          <span data-testid="reconciliation-details">{reconciliation.details.join(" ")}</span>
        </p>
      </section>

      <dl className="summary" aria-label="Summary">
        <div>
          <dt>Start</dt>
          <dd>{formatInstant(attendance.startMs, timeZone)}</dd>
        </div>
        <div>
          <dt>End</dt>
          <dd>{attendance.live ? "ongoing" : formatInstant(attendance.endMs, timeZone)}</dd>
        </div>
        <div>
          <dt>Duration (min)</dt>
          <dd data-testid="session-duration">{formatMinutes(attendance.durationMs)}</dd>
        </div>
        <div>
          <dt>People</dt>
          <dd data-testid="participant-count">{attendance.participantCount}</dd>
        </div>
        <div>
          <dt>Participant time (min)</dt>
          <dd data-testid="aggregated-presence">{formatMinutes(attendance.aggregatedPresenceMs)}</dd>
        </div>
        <div>
          <dt>Connection time (min)</dt>
          <dd data-testid="combined-connection">{formatMinutes(attendance.combinedConnectionMs)}</dd>
        </div>
      </dl>

      <h2>People</h2>
      <p className="muted">
        Presence counts overlapping connections of one person once; connection time adds them up.{" "}
        <a href={`/sessions/${encodeURIComponent(session.id)}/attendance.csv`} download>
          Download CSV
        </a>
      </p>
      {rows.length === 0 ? <p>No one has joined this session.</p> : <AttendanceTable rows={rows} timeZone={timeZone} />}

      <h2>Join and leave log</h2>
      <div className="table-scroll">
        <table data-testid="peer-log">
          <thead>
            <tr>
              <th>Joined</th>
              <th>Left</th>
              <th className="number">Minutes</th>
              <th>Name</th>
              <th>User ID</th>
              <th>Role</th>
              <th>Peer ID</th>
              <th>Leave reason</th>
            </tr>
          </thead>
          <tbody>
            {session.log.map((peer) => {
              const joinedMs = peer.joinedAt?.getTime() ?? null;
              const leftMs = peer.leftAt?.getTime() ?? null;
              return (
                <tr key={peer.peerId}>
                  <td>{formatInstant(joinedMs, timeZone)}</td>
                  <td>
                    {leftMs === null ? (attendance.live ? "connected" : "no leave received") : formatInstant(leftMs, timeZone)}
                    {peer.leftAtEstimated && <span className="muted"> (estimated: session close)</span>}
                  </td>
                  <td className="number">{joinedMs !== null && leftMs !== null ? formatMinutes(leftMs - joinedMs) : "—"}</td>
                  <td>{peer.name}</td>
                  <td>{peer.userId ? <Link href={`/people/${encodeURIComponent(peer.userId)}`}>{peer.userId}</Link> : "—"}</td>
                  <td>
                    {peer.role}
                    {peer.excluded && <span className="muted"> (not an attendee)</span>}
                  </td>
                  <td className="muted">{peer.peerId}</td>
                  <td>{peer.leaveReason ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
