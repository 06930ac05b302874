import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ActionForm } from "@/components/action-form";
import { AttendanceTable, PageLinks } from "@/components/attendance-table";
import { PresenceDistribution, SessionTimeline } from "@/components/charts";
import { StatusBadge } from "@/components/status-badge";
import { formatMinutes } from "@/lib/attendance/format";
import { presenceBands } from "@/lib/attendance/presence-bands";
import { OVERRIDE_STATUSES, STATUS_LABELS } from "@/lib/attendance/status";
import { requireViewer } from "@/lib/auth/guards";
import { canManageRoom } from "@/lib/auth/permissions";
import { describeReconciliation } from "@/lib/reconcile/describe";
import { getSessionDetail } from "@/lib/sessions/queries";
import {
  LOG_PAGE_SIZE,
  pageOf,
  parseSessionPageQuery,
  PEOPLE_PAGE_SIZE,
  sessionPageHref,
  sortPeople,
  type AttendanceRow,
} from "@/lib/sessions/session-page-query";
import { formatInstant } from "@/lib/time-format";
import { viewerTimeZone } from "@/lib/time-zone";

import { clearOverrideAction, overrideStatusAction } from "./actions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };
type PageProps = Params & { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `Session ${id}` };
}

export default async function SessionPage({ params, searchParams }: PageProps) {
  const { id } = await params;
  const query = parseSessionPageQuery(await searchParams);
  const viewer = await requireViewer(`/sessions/${encodeURIComponent(id)}`);
  const timeZone = viewerTimeZone(viewer);
  const nowMs = Date.now();
  // A session of another teacher's room is reported as not found, like one that does not exist.
  const session = await getSessionDetail(viewer, id, nowMs);
  if (!session) notFound();

  const { attendance } = session;
  const statusByKey = new Map(session.statuses.map((status) => [status.personKey, status]));
  const absentees = session.statuses.filter((status) => status.attendance === null);
  const overridden = session.statuses.filter((status) => status.override !== null);
  const manage = canManageRoom(viewer, session.roomId);
  // Every person gets a row so that sorting spans the whole session; only one page of them is rendered.
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
    status: statusByKey.get(person.personKey)?.effective ?? "present",
    statusNote: overrideNote(statusByKey.get(person.personKey), timeZone),
    guest: statusByKey.get(person.personKey)?.guest ?? false,
  }));
  const peopleSlice = pageOf(sortPeople(rows, query.sort), query.page, PEOPLE_PAGE_SIZE);
  const logSlice = pageOf(session.log, query.logPage, LOG_PAGE_SIZE);
  // The URL of each list carries the other list's page after clamping, so paging one keeps the other in place.
  const shownQuery = { ...query, page: peopleSlice.page, logPage: logSlice.page };
  const personByKey = new Map(attendance.people.map((person) => [person.personKey, person]));
  const timelinePeople = peopleSlice.items.map((row) => {
    const person = personByKey.get(row.personKey)!;
    return {
      personKey: person.personKey,
      name: person.name,
      intervals: person.intervals.map((interval) => ({ peerId: interval.peerId, startMs: interval.startMs, endMs: interval.endMs })),
    };
  });
  // In sessions of more than one table page, the override form lists the people of the page shown and the
  // roster absentees, because one option per person of a large session would outweigh the rest of the page.
  const overrideChoices = peopleSlice.pageCount > 1 ? [...peopleSlice.items.map((row) => statusByKey.get(row.personKey)!), ...absentees] : session.statuses;
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
      <p className="muted" data-testid="session-rules">
        Statuses use the rules of the room: present from {session.rules.presentMinPercent}% presence, late after{" "}
        {session.rules.lateAfterMinutes} min, left early more than {session.rules.leftEarlyMinutes} min before the end; late wins over left
        early. <Link href={`/rooms/${encodeURIComponent(session.roomId)}`}>Change them on the room page.</Link>
        {attendance.live && " While the session is live, nobody is left early yet and shares grow with the session."}
      </p>
      {rows.length === 0 ? (
        <p>No one has joined this session.</p>
      ) : (
        <AttendanceTable sessionId={session.id} query={shownQuery} slice={peopleSlice} timeZone={timeZone} />
      )}

      {absentees.length > 0 && (
        <>
          <h3>On the roster, never joined</h3>
          <ul data-testid="absentees">
            {absentees.map((status) => (
              <li key={status.personKey}>
                {status.name} <span className="muted">({status.userId})</span> <StatusBadge status={status} timeLabel={(ms) => formatInstant(ms, timeZone)} />
              </li>
            ))}
          </ul>
        </>
      )}

      {manage && session.statuses.length > 0 && (
        <section aria-label="Status overrides">
          <h3>Override a status</h3>
          {peopleSlice.pageCount > 1 && (
            <p className="muted" data-testid="override-scope">
              Lists the people on page {peopleSlice.page} of the table above and the rostered people who never joined. Sort or page the table to
              override someone else.
            </p>
          )}
          <ActionForm action={overrideStatusAction} className="filters" label="Override a status">
            <input type="hidden" name="sessionId" value={session.id} />
            <label>
              Person
              <select name="personKey" required>
                {overrideChoices.map((status) => (
                  <option key={status.personKey} value={status.personKey}>
                    {status.name} ({status.userId || "no user ID"}): {STATUS_LABELS[status.effective]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Status
              <select name="status" defaultValue="excused">
                {OVERRIDE_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABELS[status]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Reason
              <input name="reason" required maxLength={500} />
            </label>
            <button type="submit">Override</button>
          </ActionForm>
          {overridden.length > 0 && (
            <ul data-testid="overrides">
              {overridden.map((status) => (
                <li key={status.personKey}>
                  {status.name}: <StatusBadge status={status} timeLabel={(ms) => formatInstant(ms, timeZone)} />{" "}
                  <ActionForm action={clearOverrideAction} label={`Clear override of ${status.personKey}`} className="inline-form">
                    <input type="hidden" name="sessionId" value={session.id} />
                    <input type="hidden" name="personKey" value={status.personKey} />
                    <button type="submit" className="link-button">
                      Clear
                    </button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      {attendance.startMs !== null && attendance.endMs !== null && attendance.people.length > 0 && (
        <>
          <h2>Timeline</h2>
          <p className="muted" data-testid="timeline-scope">
            One row per person, one bar per connection; overlapping connections sit on separate lanes. Times in {timeZone}.
            {peopleSlice.pageCount > 1 &&
              ` Shows the ${peopleSlice.items.length} people of page ${peopleSlice.page} of the table above, in its order.`}
          </p>
          <SessionTimeline
            people={timelinePeople}
            startMs={attendance.startMs}
            endMs={attendance.endMs}
            timeZone={timeZone}
          />
          <h2>Presence distribution</h2>
          <PresenceDistribution bands={presenceBands(attendance.people.map((person) => person.share))} />
        </>
      )}

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
            {logSlice.items.map((peer) => {
              const joinedMs = peer.joinedAtMs;
              const leftMs = peer.leftAtMs;
              return (
                <tr key={peer.peerId}>
                  <td>{formatInstant(joinedMs, timeZone)}</td>
                  <td>
                    {leftMs === null ? (attendance.live ? "connected" : "no leave received") : formatInstant(leftMs, timeZone)}
                    {peer.leftAtEstimated && <span className="muted"> (estimated: session close)</span>}
                  </td>
                  <td className="number">{joinedMs !== null && leftMs !== null ? formatMinutes(leftMs - joinedMs) : "—"}</td>
                  <td>{peer.name}</td>
                  {/* A plain link, as in the people table: a Link component per row costs render time on every page. */}
                  <td>{peer.userId ? <a href={`/people/${encodeURIComponent(peer.userId)}`}>{peer.userId}</a> : "—"}</td>
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
      <PageLinks
        slice={logSlice}
        noun="connections"
        href={(logPage) => sessionPageHref(session.id, { ...shownQuery, logPage })}
        testId="log-pages"
      />
    </>
  );
}

function overrideNote(status: { computed: string; override: { setByEmail: string; setAtMs: number; reason: string } | null } | undefined, timeZone: string): string | null {
  if (!status?.override) return null;
  return `computed: ${status.computed.replace("-", " ")}; set by ${status.override.setByEmail} at ${formatInstant(status.override.setAtMs, timeZone)}: ${status.override.reason}`;
}
