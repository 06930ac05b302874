/**
 * Generated sessions with known attendance: the webhook events 100ms would
 * send for them, and the attendance those events must produce. Seeded, so a
 * failing run can be replayed.
 */
import { computeAttendance, type PeerRecord, type SessionAttendance } from "../../lib/attendance/compute";
import { createSeededRandom } from "../../lib/demo/demo-class";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type WebhookBody } from "../../tests/hms-events";

/** The role that the default EXCLUDED_ROLES leaves out of attendance. */
export const RECORDER_ROLE = "__internal_recorder";

/** Returns a small deterministic generator of numbers in [0, 1) (mulberry32), the same as the demo class uses. */
export const seededRandom = createSeededRandom;

export interface SessionTruth {
  sessionId: string;
  startMs: number;
  stopMs: number;
  /** Every connection, recorder bots included. */
  peers: PeerRecord[];
  events: WebhookBody[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Builds one closed session whose events number exactly `eventCount` (at
 * least 3): an open, a close, and joins and leaves of its peers. Some
 * connections overlap (a second tab), some have no leave (they end at the
 * close), some have no user_id (a person of their own), and one is a
 * recorder bot.
 */
function buildSession(runId: string, index: number, eventCount: number, random: () => number): SessionTruth {
  const sessionId = `${runId}-s${index}`;
  const startMs = Date.UTC(2026, 2, 2, 8, 0, 0) + index * 90 * 60_000;
  const stopMs = startMs + 60 * 60_000 + Math.floor(random() * 1000);
  const events: WebhookBody[] = [sessionOpen(sessionId, iso(startMs)), sessionClose(sessionId, iso(startMs), iso(stopMs))];
  const peers: PeerRecord[] = [];

  let budget = eventCount - events.length;
  let person = 0;
  while (budget > 0) {
    const userId = person % 17 === 5 ? "" : `${runId}-u${index}-${person}`;
    const role = person === 3 ? RECORDER_ROLE : "student";
    const name = `Student ${index}.${person}`;
    const connections = 1 + Math.floor(random() * 3);
    let cursorMs = startMs + Math.floor(random() * 10 * 60_000);
    for (let c = 0; c < connections && budget > 0 && cursorMs < stopMs; c++) {
      const joinedAtMs = cursorMs;
      const lengthMs = 60_000 + Math.floor(random() * 30 * 60_000) + Math.floor(random() * 1000);
      // With one event of budget left, or for every fifth connection, the leave never arrives.
      const withLeave = budget >= 2 && random() >= 0.2;
      const leftAtMs = withLeave ? Math.min(joinedAtMs + lengthMs, stopMs) : null;
      const peerId = `${sessionId}-p${person}-${c}`;
      peers.push({ peerId, userId, name, role, joinedAtMs, leftAtMs });

      const fields = { sessionId, peerId, userId, name, role, joinedAt: iso(joinedAtMs) };
      events.push(peerJoin(fields));
      budget -= 1;
      if (leftAtMs !== null) {
        events.push(peerLeave(fields, iso(leftAtMs)));
        budget -= 1;
      }
      // Every third connection is followed by an overlapping second tab, otherwise by a gap.
      cursorMs = c % 3 === 2 ? joinedAtMs + Math.floor(lengthMs / 2) : (leftAtMs ?? stopMs) + Math.floor(random() * 5 * 60_000);
    }
    person += 1;
  }
  return { sessionId, startMs, stopMs, peers, events };
}

/** Builds `sessionCount` sessions with `eventCount` events in total, spread as evenly as possible. */
export function buildSessions(runId: string, eventCount: number, sessionCount: number, random: () => number): SessionTruth[] {
  if (eventCount < sessionCount * 3) throw new Error(`${eventCount} events are too few for ${sessionCount} sessions: each needs at least 3`);
  const base = Math.floor(eventCount / sessionCount);
  const extra = eventCount % sessionCount;
  return Array.from({ length: sessionCount }, (_, index) => buildSession(runId, index, base + (index < extra ? 1 : 0), random));
}

/** Returns the attendance that a session's events must produce once it is closed. */
export function expectedAttendance(truth: SessionTruth): SessionAttendance {
  return computeAttendance({ startedAtMs: truth.startMs, stoppedAtMs: truth.stopMs }, truth.peers, {
    nowMs: truth.stopMs,
    excludedRoles: new Set([RECORDER_ROLE]),
  });
}

/**
 * Returns the deliveries of `events` as a faulty sender makes them: a copy of
 * about `duplicateRate` of the events is added, then about `reorderRate` of
 * the deliveries are moved to a random other position.
 */
export function faultyDeliveries<T>(events: readonly T[], duplicateRate: number, reorderRate: number, random: () => number): T[] {
  const deliveries = [...events];
  for (const event of events) {
    if (random() < duplicateRate) deliveries.splice(Math.floor(random() * (deliveries.length + 1)), 0, event);
  }
  const moves = Math.round(deliveries.length * reorderRate);
  for (let i = 0; i < moves; i++) {
    const [moved] = deliveries.splice(Math.floor(random() * deliveries.length), 1);
    deliveries.splice(Math.floor(random() * (deliveries.length + 1)), 0, moved);
  }
  return deliveries;
}

/** Figures compared between the ground truth and the database, per session. */
export interface AttendanceFigures {
  startMs: number | null;
  endMs: number | null;
  durationMs: number;
  participantCount: number;
  aggregatedPresenceMs: number;
  combinedConnectionMs: number;
  people: { personKey: string; presenceMs: number; connectionMs: number; joins: number; firstJoinMs: number; lastLeaveMs: number | null }[];
}

export function attendanceFigures(attendance: SessionAttendance): AttendanceFigures {
  return {
    startMs: attendance.startMs,
    endMs: attendance.endMs,
    durationMs: attendance.durationMs,
    participantCount: attendance.participantCount,
    aggregatedPresenceMs: attendance.aggregatedPresenceMs,
    combinedConnectionMs: attendance.combinedConnectionMs,
    people: attendance.people
      .map((person) => ({
        personKey: person.personKey,
        presenceMs: person.presenceMs,
        connectionMs: person.connectionMs,
        joins: person.joins,
        firstJoinMs: person.firstJoinMs,
        lastLeaveMs: person.lastLeaveMs,
      }))
      .sort((a, b) => a.personKey.localeCompare(b.personKey)),
  };
}
