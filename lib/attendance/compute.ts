/**
 * Attendance arithmetic: pure functions over UTC milliseconds, with no I/O.
 *
 * A peer is one connection; a person is a non-empty user_id, or a lone peer
 * when user_id is empty. Presence is the length of the union of a person's
 * intervals, so overlapping tabs count once; connection time is the plain
 * sum of the intervals. Nothing is rounded here.
 */

export interface PeerRecord {
  peerId: string;
  userId: string;
  name: string;
  role: string;
  /** null when 100ms sent no join time; the interval then starts at the session start. */
  joinedAtMs: number | null;
  /** null while the peer is connected, or when its leave never arrived. */
  leftAtMs: number | null;
  /** True when leftAtMs is the session close, set because neither a leave event nor the 100ms API gave a leave time. */
  leftAtEstimated?: boolean;
}

export interface SessionTimes {
  startedAtMs: number | null;
  /** null while the session is live. */
  stoppedAtMs: number | null;
}

export interface AttendanceOptions {
  /** The current time, used as the end of a live session and of its open peers. */
  nowMs: number;
  /** Roles left out of attendance, such as recorder bots. */
  excludedRoles: ReadonlySet<string>;
}

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface PeerInterval extends Interval {
  peerId: string;
  /** True when the peer has no leave: it ends at the session end or at now. */
  open: boolean;
  /** True when the end is an estimated leave time (see PeerRecord.leftAtEstimated). */
  estimated: boolean;
}

export interface PersonAttendance {
  /** user_id, or `peer:<peer_id>` for a peer without a user_id. */
  personKey: string;
  userId: string;
  /** Name and role of the person's latest join. */
  name: string;
  role: string;
  firstJoinMs: number;
  /** End of the person's last interval; null while one of their peers is still connected to a live session. */
  lastLeaveMs: number | null;
  presenceMs: number;
  connectionMs: number;
  joins: number;
  /** True when any of the person's intervals ends at an estimated leave time. */
  estimated: boolean;
  /** presenceMs divided by the session duration, from 0 to 1. */
  share: number;
  intervals: PeerInterval[];
}

export interface SessionAttendance {
  live: boolean;
  /** null when neither the session start nor any join time is known. */
  startMs: number | null;
  endMs: number | null;
  durationMs: number;
  people: PersonAttendance[];
  participantCount: number;
  /** Sum of every person's presence. */
  aggregatedPresenceMs: number;
  /** Sum of every person's connection time. */
  combinedConnectionMs: number;
}

/** Returns the total length of the union of the intervals. */
export function unionLengthMs(intervals: readonly Interval[]): number {
  if (intervals.length === 0) return 0;
  return unionLengthOfSortedMs([...intervals].sort((a, b) => a.startMs - b.startMs));
}

/** Returns the total length of the union of intervals already sorted by start. */
function unionLengthOfSortedMs(sorted: readonly Interval[]): number {
  if (sorted.length === 0) return 0;
  let total = 0;
  let runStart = sorted[0].startMs;
  let runEnd = sorted[0].endMs;
  for (let i = 1; i < sorted.length; i++) {
    const { startMs, endMs } = sorted[i];
    if (startMs > runEnd) {
      total += runEnd - runStart;
      runStart = startMs;
      runEnd = endMs;
    } else if (endMs > runEnd) {
      runEnd = endMs;
    }
  }
  return total + (runEnd - runStart);
}

/**
 * Returns the key that groups peers into people.
 *
 * NOTE: a user_id that is literally "peer:<id of a peer without user_id>" gets the same key
 * as that peer. The session page then merges the two, while the CSV, which groups runs of
 * rows in user_id order, keeps them apart. Status overrides are stored by this key, so a
 * collision-free format needs a migration of stored keys.
 */
export function personKeyOf(peer: Pick<PeerRecord, "peerId" | "userId">): string {
  return peer.userId !== "" ? peer.userId : `peer:${peer.peerId}`;
}

/** Returns the start and end of the session, falling back to its peers' join times for a missing start. */
export function sessionWindow(
  session: SessionTimes,
  peers: readonly PeerRecord[],
  nowMs: number,
): { live: boolean; startMs: number | null; endMs: number | null } {
  const live = session.stoppedAtMs === null;
  let startMs = session.startedAtMs;
  if (startMs === null) {
    for (const peer of peers) {
      if (peer.joinedAtMs !== null && (startMs === null || peer.joinedAtMs < startMs)) {
        startMs = peer.joinedAtMs;
      }
    }
  }
  const endMs = live ? nowMs : session.stoppedAtMs;
  return { live, startMs, endMs };
}

/**
 * Clamps one peer to the session window. A peer without a leave ends at the
 * window's end; an interval that would end before it starts has length zero.
 */
export function clampPeer(
  peer: PeerRecord,
  window: { startMs: number | null; endMs: number | null },
): PeerInterval {
  let startMs = peer.joinedAtMs ?? window.startMs ?? window.endMs ?? 0;
  if (window.startMs !== null && startMs < window.startMs) startMs = window.startMs;

  let endMs = peer.leftAtMs ?? window.endMs ?? startMs;
  if (window.endMs !== null && endMs > window.endMs) endMs = window.endMs;
  if (endMs < startMs) endMs = startMs;

  return { peerId: peer.peerId, startMs, endMs, open: peer.leftAtMs === null, estimated: peer.leftAtEstimated === true };
}

/** Computes per-person and per-session attendance of one session. */
export function computeAttendance(
  session: SessionTimes,
  allPeers: readonly PeerRecord[],
  options: AttendanceOptions,
): SessionAttendance {
  const peers = allPeers.filter((peer) => !options.excludedRoles.has(peer.role));
  const window = sessionWindow(session, peers, options.nowMs);
  const durationMs =
    window.startMs !== null && window.endMs !== null ? Math.max(0, window.endMs - window.startMs) : 0;

  const peersByPerson = new Map<string, PeerRecord[]>();
  for (const peer of peers) {
    const key = personKeyOf(peer);
    const group = peersByPerson.get(key);
    if (group) group.push(peer);
    else peersByPerson.set(key, [peer]);
  }

  const people: PersonAttendance[] = [];
  for (const [personKey, group] of peersByPerson) {
    people.push(summarisePerson(personKey, group, window, durationMs));
  }
  people.sort((a, b) => a.firstJoinMs - b.firstJoinMs || a.name.localeCompare(b.name) || a.personKey.localeCompare(b.personKey));

  let aggregatedPresenceMs = 0;
  let combinedConnectionMs = 0;
  for (const person of people) {
    aggregatedPresenceMs += person.presenceMs;
    combinedConnectionMs += person.connectionMs;
  }

  return {
    live: window.live,
    startMs: window.startMs,
    endMs: window.endMs,
    durationMs,
    people,
    participantCount: people.length,
    aggregatedPresenceMs,
    combinedConnectionMs,
  };
}

/**
 * Computes one person's attendance from all of their peers, clamped to the
 * session window; `durationMs` is the session duration for the share.
 */
export function summarisePerson(
  personKey: string,
  peers: readonly PeerRecord[],
  window: { live: boolean; startMs: number | null; endMs: number | null },
  durationMs: number,
): PersonAttendance {
  const intervals = peers.map((peer) => clampPeer(peer, window));
  intervals.sort((a, b) => a.startMs - b.startMs || a.peerId.localeCompare(b.peerId));

  let connectionMs = 0;
  let firstJoinMs = Number.POSITIVE_INFINITY;
  let lastEndMs = Number.NEGATIVE_INFINITY;
  let stillConnected = false;
  for (const interval of intervals) {
    connectionMs += interval.endMs - interval.startMs;
    firstJoinMs = Math.min(firstJoinMs, interval.startMs);
    lastEndMs = Math.max(lastEndMs, interval.endMs);
    if (interval.open && window.live) stillConnected = true;
  }
  const presenceMs = unionLengthOfSortedMs(intervals);

  // The latest join carries the person's current name and role; ties go to the greater peer id
  // so that the result does not depend on the order in which peers were stored.
  let latest = peers[0];
  for (const peer of peers) {
    const later = (peer.joinedAtMs ?? 0) - (latest.joinedAtMs ?? 0) || peer.peerId.localeCompare(latest.peerId);
    if (later > 0) latest = peer;
  }

  return {
    personKey,
    userId: latest.userId,
    name: latest.name,
    role: latest.role,
    firstJoinMs,
    lastLeaveMs: stillConnected ? null : lastEndMs,
    presenceMs,
    connectionMs,
    joins: peers.length,
    estimated: intervals.some((interval) => interval.estimated),
    share: durationMs > 0 ? presenceMs / durationMs : 0,
    intervals,
  };
}

/** Groups at most this size are sorted by insertion sort, which beats a general sort on the few connections of one person. */
const INSERTION_SORT_MAX = 32;

/**
 * Returns the union length of each person's intervals, for many people at
 * once: interval i belongs to person `personIndex[i]` (0 to personCount - 1)
 * and spans `startMs[i]` to `endMs[i]`, with endMs[i] >= startMs[i].
 * Equal to calling unionLengthMs per person, but works on typed arrays
 * without an object per interval: a counting sort groups the intervals by
 * person in O(n), then each small group is sorted by start and swept.
 */
export function unionLengthsByPerson(
  personIndex: Uint32Array,
  startMs: Float64Array,
  endMs: Float64Array,
  personCount: number,
): Float64Array {
  const n = personIndex.length;
  const offsets = new Uint32Array(personCount + 1);
  for (let i = 0; i < n; i++) offsets[personIndex[i] + 1]++;
  for (let p = 0; p < personCount; p++) offsets[p + 1] += offsets[p];

  const next = offsets.slice(0, personCount);
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const at = next[personIndex[i]]++;
    starts[at] = startMs[i];
    ends[at] = endMs[i];
  }

  const totals = new Float64Array(personCount);
  for (let p = 0; p < personCount; p++) {
    const from = offsets[p];
    const to = offsets[p + 1];
    if (to === from) continue;
    sortGroupByStart(starts, ends, from, to);

    let total = 0;
    let runStart = starts[from];
    let runEnd = ends[from];
    for (let i = from + 1; i < to; i++) {
      if (starts[i] > runEnd) {
        total += runEnd - runStart;
        runStart = starts[i];
        runEnd = ends[i];
      } else if (ends[i] > runEnd) {
        runEnd = ends[i];
      }
    }
    totals[p] = total + (runEnd - runStart);
  }
  return totals;
}

/** Sorts starts[from..to) ascending, moving ends along. */
function sortGroupByStart(starts: Float64Array, ends: Float64Array, from: number, to: number): void {
  if (to - from <= INSERTION_SORT_MAX) {
    for (let i = from + 1; i < to; i++) {
      const start = starts[i];
      const end = ends[i];
      let j = i - 1;
      while (j >= from && starts[j] > start) {
        starts[j + 1] = starts[j];
        ends[j + 1] = ends[j];
        j--;
      }
      starts[j + 1] = start;
      ends[j + 1] = end;
    }
    return;
  }
  const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => starts[a] - starts[b]);
  const sortedStarts = order.map((index) => starts[index]);
  const sortedEnds = order.map((index) => ends[index]);
  starts.set(sortedStarts, from);
  ends.set(sortedEnds, from);
}
