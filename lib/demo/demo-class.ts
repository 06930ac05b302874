/**
 * Generates a finished one-hour class as the 100ms webhook deliveries it
 * would cause. The class contains the cases that attendance code must
 * handle: rejoins, a rejoin announced before the old peer's leave, two tabs
 * of one person, a lost leave and a leave delivered after the session
 * closed. It also has a recorder bot, a redelivered event, and names that
 * break naive CSV or spreadsheet export.
 *
 * The module does no I/O. All ids and times come from the `random` source, so
 * the same `random` sequence and `nowMs` always produce the same deliveries.
 */

export const DEMO_ROOM_NAME = "algebra-2b";
/** Every demo class is held in this one room, so repeated demos build up its history. */
export const DEMO_ROOM_ID = "64f0c0ffee0000000000a2b0";

/** Nominal length of the generated class. The real start is up to 20 s earlier. */
export const DEMO_CLASS_DURATION_MS = 60 * 60_000;

export const TEACHER_ROLE = "teacher";
export const STUDENT_ROLE = "student";
export const RECORDER_ROLE = "__internal_recorder";
export const RECORDER_USER_ID = "beam-recorder";

/** The user name that a spreadsheet would run as a formula if an export wrote it unescaped. */
export const FORMULA_USER_NAME = '=HYPERLINK("https://example.com","Click")';

export type LeaveReason =
  | "client request"
  | "peer kicked"
  | "websocket closed"
  | "ice connection state closed"
  | "server removed peer";

export interface SessionOpenData {
  room_id: string;
  room_name: string;
  session_id: string;
  template_id: string;
  session_started_at: string;
}

export interface SessionCloseData extends SessionOpenData {
  session_stopped_at: string;
  /** Whole seconds from start to stop. */
  session_duration: number;
}

export interface PeerJoinData {
  room_id: string;
  room_name: string;
  session_id: string;
  template_id: string;
  peer_id: string;
  user_id: string;
  user_name: string;
  user_data: string;
  role: string;
  type: "regular";
  joined_at: string;
  session_started_at: string;
}

export interface PeerLeaveData extends PeerJoinData {
  left_at: string;
  /** Whole seconds from `joined_at` to `left_at`, rounded. */
  duration: number;
  reason: LeaveReason;
}

interface EnvelopeFields {
  /** UUID, unique per event. A redelivery repeats it. */
  id: string;
  version: "2.0";
  /** UTC in whole seconds, such as `2026-03-02T09:00:05Z`. */
  timestamp: string;
  account_id: string;
  app_id: string;
}

/** One 100ms webhook request body, in the envelope that 100ms sends. */
export type HmsWebhookBody = EnvelopeFields &
  (
    | { type: "session.open.success"; data: SessionOpenData }
    | { type: "session.close.success"; data: SessionCloseData }
    | { type: "peer.join.success"; data: PeerJoinData }
    | { type: "peer.leave.success"; data: PeerLeaveData }
  );

export interface DemoClassOptions {
  /** Instant in UTC milliseconds at which the session closes. */
  nowMs: number;
  /** Source of uniform numbers in [0, 1). Defaults to Math.random. */
  random?: () => number;
  /**
   * Receives the leave of each peer whose leave webhook is lost, so that a
   * simulated 100ms API can still record when that peer left. Without it,
   * no body is built for a lost leave.
   */
  onLostLeave?: (body: HmsWebhookBody) => void;
}

/**
 * Builds the webhook bodies of a completed class, in the order that they are
 * to be delivered. The session opens about an hour before `nowMs` and closes
 * at about `nowMs`. `session.open.success` is always first.
 */
export function buildDemoClass(options: DemoClassOptions): HmsWebhookBody[] {
  const random = options.random ?? Math.random;
  const ids = {
    accountId: randomHex(random, 24),
    appId: randomHex(random, 24),
    roomId: randomHex(random, 24),
    sessionId: randomHex(random, 24),
    templateId: randomHex(random, 24),
  };
  // The random room id above is still drawn, so that a seed gives the same other ids as before.
  ids.roomId = DEMO_ROOM_ID;

  // The stop lands a little before nowMs so that no time in the class is in the future.
  const stopMs = options.nowMs - randomInt(random, 200, 1_500);
  const startMs = stopMs - DEMO_CLASS_DURATION_MS - randomInt(random, 0, 20_000);
  const sessionStartedAt = formatHmsTime(startMs, random);
  const sessionStoppedAt = formatHmsTime(stopMs, random);
  const session: SessionContext = { ...ids, startMs, stopMs, sessionStartedAt: sessionStartedAt.text };

  const scheduled: ScheduledDelivery[] = [];
  const schedule = (deliverAtMs: number, build: (eventId: string) => HmsWebhookBody): HmsWebhookBody => {
    const body = build(randomUuid(random));
    scheduled.push({ deliverAtMs, order: scheduled.length, body });
    return body;
  };

  // Delivered at the exact start, before the first join's latency has passed.
  schedule(startMs, (id) => ({
    ...envelope(session, id, startMs),
    type: "session.open.success",
    data: sessionData(session),
  }));

  for (const stint of planStints(random, startMs, stopMs)) {
    const joinedAt = formatHmsTime(stint.joinedAtMs, random);
    const join = peerData(session, stint, randomUuid(random), joinedAt.text);
    const joinDeliverAtMs = stint.joinedAtMs + latencyMs(random);
    schedule(joinDeliverAtMs, (id) => ({ ...envelope(session, id, stint.joinedAtMs), type: "peer.join.success", data: join }));

    if (stint.leaveDelivery === "never" && !options.onLostLeave) continue;

    const leftAt = formatHmsTime(stint.leftAtMs, random);
    const leave: PeerLeaveData = {
      ...join,
      left_at: leftAt.text,
      duration: Math.round((leftAt.ms - joinedAt.ms) / 1000),
      reason: stint.reason,
    };
    if (stint.leaveDelivery === "never") {
      options.onLostLeave?.({ ...envelope(session, randomUuid(random), stint.leftAtMs), type: "peer.leave.success", data: leave });
      continue;
    }
    const leaveDeliverAtMs =
      stint.leaveDelivery === "after-close"
        ? stopMs + CLOSE_DELIVERY_DELAY_MS + randomInt(random, 2_000, 6_000)
        : stint.leftAtMs + latencyMs(random);
    const leaveBody = schedule(leaveDeliverAtMs, (id) => ({
      ...envelope(session, id, stint.leftAtMs),
      type: "peer.leave.success",
      data: leave,
    }));

    // 100ms retries an event whose first delivery got no 200, so the same id arrives again 1 s later.
    if (stint.redeliverLeave) {
      scheduled.push({ deliverAtMs: leaveDeliverAtMs + 1_000, order: scheduled.length, body: structuredClone(leaveBody) });
    }
  }

  schedule(stopMs + CLOSE_DELIVERY_DELAY_MS, (id) => ({
    ...envelope(session, id, stopMs),
    type: "session.close.success",
    data: {
      ...sessionData(session),
      session_stopped_at: sessionStoppedAt.text,
      session_duration: Math.round((sessionStoppedAt.ms - sessionStartedAt.ms) / 1000),
    },
  }));

  scheduled.sort((a, b) => a.deliverAtMs - b.deliverAtMs || a.order - b.order);
  return scheduled.map((delivery) => delivery.body);
}

/**
 * Returns a deterministic source of uniform numbers in [0, 1) for a 32-bit
 * seed (the mulberry32 generator). Not suitable for anything secret.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ---------------------------------------------------------------------------
// Roster and timeline

interface Person {
  userId: string;
  name: string;
  role: string;
}

/**
 * One peer: a single connection of one person, from join to leave.
 * `leaveDelivery` is "never" for a peer whose leave event is lost.
 */
interface Stint {
  person: Person;
  joinedAtMs: number;
  leftAtMs: number;
  reason: LeaveReason;
  leaveDelivery: "in-order" | "after-close" | "never";
  redeliverLeave?: boolean;
}

const TEACHER: Person = { userId: "teacher-0007", name: "Ms. Adaeze Okafor", role: TEACHER_ROLE };

const RECORDER: Person = { userId: RECORDER_USER_ID, name: "Beam Recorder", role: RECORDER_ROLE };

/** Student names in roster order. Their user ids run from student-0031 upwards, so student-0042 is the 12th. */
const STUDENT_NAMES = [
  "Zoë Müller",
  "Łukasz Żółć",
  "李小龍",
  "Ngozi Ọkọnkwọ",
  "José Álvarez",
  FORMULA_USER_NAME,
  `O'Brien, "Pat"`,
  "Amira Haddad",
  "Ben Carter",
  "Chloé Dubois",
  "Дмитрий Волков",
  "Emma Johansson",
  "Farah Siddiqui",
  "Gabriel Santos",
  "Hana Tanaka",
  "Isaac Mensah",
  "Jasmine Patel",
  "Kofi Boateng",
  "Lena Schmidt",
  "Mateo Rossi",
  "Nadia Kowalski",
  "Oliver Brown",
  "Priya Raman",
  "Quentin Moreau",
  "Rosa Jiménez",
  "Samuel Lee",
  "Nguyễn Thị Thảo",
  "Uma Krishnan",
] as const;

type StudentName = (typeof STUDENT_NAMES)[number];

const FIRST_STUDENT_NUMBER = 31;

/** How long 100ms takes to close a peer after an abrupt disconnect, so `left_at` lags the real departure. */
const ABRUPT_CLOSE_LAG_MS = 60_000;

/** Time from the session's stop to the delivery of `session.close.success`. */
const CLOSE_DELIVERY_DELAY_MS = 1_000;

const MINUTE_MS = 60_000;

function planStints(random: () => number, startMs: number, stopMs: number): Stint[] {
  const students = new Map<StudentName, Person>(
    STUDENT_NAMES.map((name, index) => [
      name,
      { userId: `student-${String(FIRST_STUDENT_NUMBER + index).padStart(4, "0")}`, name, role: STUDENT_ROLE },
    ]),
  );
  const student = (name: StudentName): Person => students.get(name)!;

  const at = (minutes: number, jitterSeconds = 20): number => startMs + minutes * MINUTE_MS + randomInt(random, 0, jitterSeconds * 1_000);
  // Everyone still present leaves in the last few minutes, at least 2 s before the stop.
  const nearEnd = (): number => stopMs - randomInt(random, 5_000, 4 * MINUTE_MS);
  const usual = (person: Person): Stint => ({
    person,
    // Joins after the teacher, within the first five minutes.
    joinedAtMs: startMs + randomInt(random, 5_000, 5 * MINUTE_MS),
    leftAtMs: nearEnd(),
    reason: "client request",
    leaveDelivery: "in-order",
  });

  const stints: Stint[] = [
    // The teacher opens the session and is the last person to leave.
    {
      person: TEACHER,
      joinedAtMs: startMs + randomInt(random, 100, 600),
      leftAtMs: stopMs - randomInt(random, 2_000, 3_000),
      reason: "client request",
      leaveDelivery: "in-order",
    },
    {
      person: RECORDER,
      joinedAtMs: startMs + randomInt(random, 3_000, 6_000),
      leftAtMs: stopMs - randomInt(random, 3_000, 4_000),
      reason: "client request",
      leaveDelivery: "in-order",
    },
  ];

  // Abrupt disconnects. 100ms closes the old peer about a minute late, so a
  // quick rejoin's join comes before the old peer's leave.
  stints.push(...abruptRejoin(student("Zoë Müller"), at(18), 15_000, "websocket closed", nearEnd(), random));
  stints.push(...abruptRejoin(student("Kofi Boateng"), at(33), 40_000, "websocket closed", nearEnd(), random));
  stints.push(...abruptRejoin(student("李小龍"), at(25), 4 * MINUTE_MS, "websocket closed", nearEnd(), random));
  stints.push(...abruptRejoin(student("Ngozi Ọkọnkwọ"), at(47), 3 * MINUTE_MS, "ice connection state closed", nearEnd(), random));

  // A deliberate break: leaves, then comes back a few minutes later.
  const isaac = student("Isaac Mensah");
  const isaacBreakMs = at(12);
  stints.push(
    { person: isaac, joinedAtMs: at(1), leftAtMs: isaacBreakMs, reason: "client request", leaveDelivery: "in-order" },
    { person: isaac, joinedAtMs: isaacBreakMs + randomInt(random, 2, 4) * MINUTE_MS, leftAtMs: nearEnd(), reason: "client request", leaveDelivery: "in-order" },
  );

  // Two tabs of one person: the second tab overlaps the first, which stays to the end.
  const jose = student("José Álvarez");
  stints.push(usual(jose), { person: jose, joinedAtMs: at(21), leftAtMs: at(34), reason: "client request", leaveDelivery: "in-order" });

  stints.push(
    { person: student("Lena Schmidt"), joinedAtMs: at(2), leftAtMs: at(42), reason: "client request", leaveDelivery: "in-order", redeliverLeave: true },
    { person: student("Oliver Brown"), joinedAtMs: at(17), leftAtMs: nearEnd(), reason: "client request", leaveDelivery: "in-order" },
    { person: student("Quentin Moreau"), joinedAtMs: at(3), leftAtMs: at(38), reason: "peer kicked", leaveDelivery: "in-order" },
    { person: student("Samuel Lee"), joinedAtMs: at(2), leftAtMs: nearEnd(), reason: "client request", leaveDelivery: "never" },
    { person: student("Ben Carter"), joinedAtMs: at(1), leftAtMs: stopMs - randomInt(random, 10_000, 30_000), reason: "client request", leaveDelivery: "after-close" },
  );

  const planned = new Set(stints.map((stint) => stint.person.userId));
  for (const person of students.values()) {
    if (!planned.has(person.userId)) stints.push(usual(person));
  }
  return stints;
}

/**
 * Returns the two peers of a person whose connection drops at `dropMs` and
 * who rejoins `rejoinAfterMs` later. The first peer's `left_at` is when
 * 100ms closed it, about a minute after the drop.
 */
function abruptRejoin(
  person: Person,
  dropMs: number,
  rejoinAfterMs: number,
  reason: LeaveReason,
  finalLeaveMs: number,
  random: () => number,
): Stint[] {
  return [
    {
      person,
      joinedAtMs: dropMs - randomInt(random, 10, 18) * MINUTE_MS,
      leftAtMs: dropMs + ABRUPT_CLOSE_LAG_MS + randomInt(random, 0, 5_000),
      reason,
      leaveDelivery: "in-order",
    },
    { person, joinedAtMs: dropMs + rejoinAfterMs, leftAtMs: finalLeaveMs, reason: "client request", leaveDelivery: "in-order" },
  ];
}

// ---------------------------------------------------------------------------
// Event bodies

interface SessionContext {
  accountId: string;
  appId: string;
  roomId: string;
  sessionId: string;
  templateId: string;
  startMs: number;
  stopMs: number;
  sessionStartedAt: string;
}

interface ScheduledDelivery {
  deliverAtMs: number;
  /** Creation order, which breaks ties between equal delivery times. */
  order: number;
  body: HmsWebhookBody;
}

function envelope(session: SessionContext, id: string, occurredAtMs: number): EnvelopeFields {
  return {
    id,
    version: "2.0",
    timestamp: new Date(Math.floor(occurredAtMs / 1000) * 1000).toISOString().replace(".000Z", "Z"),
    account_id: session.accountId,
    app_id: session.appId,
  };
}

function sessionData(session: SessionContext): SessionOpenData {
  return {
    room_id: session.roomId,
    room_name: DEMO_ROOM_NAME,
    session_id: session.sessionId,
    template_id: session.templateId,
    session_started_at: session.sessionStartedAt,
  };
}

function peerData(session: SessionContext, stint: Stint, peerId: string, joinedAt: string): PeerJoinData {
  return {
    room_id: session.roomId,
    room_name: DEMO_ROOM_NAME,
    session_id: session.sessionId,
    template_id: session.templateId,
    peer_id: peerId,
    user_id: stint.person.userId,
    user_name: stint.person.name,
    user_data: "",
    role: stint.person.role,
    type: "regular",
    joined_at: joinedAt,
    session_started_at: session.sessionStartedAt,
  };
}

/** Time from an event to its delivery. */
function latencyMs(random: () => number): number {
  return randomInt(random, 150, 900);
}

// ---------------------------------------------------------------------------
// Timestamps and ids

/**
 * Formats an instant as 100ms does inside `data`: RFC 3339 UTC with 0 to 9
 * fractional digits, trailing zeros trimmed. The digits below the
 * millisecond are random. Returns the text and the instant it denotes,
 * truncated to milliseconds. That instant is earlier than `ms` when fewer
 * than three digits are kept.
 */
function formatHmsTime(ms: number, random: () => number): { text: string; ms: number } {
  const secondMs = Math.floor(ms / 1000) * 1000;
  const nanos = (ms - secondMs) * 1_000_000 + randomInt(random, 0, 999_999);
  const digits = randomInt(random, 0, 9);
  const truncatedFraction = Math.floor(nanos / 10 ** (9 - digits));

  const base = new Date(secondMs).toISOString().slice(0, 19);
  const fraction = digits === 0 ? "" : String(truncatedFraction).padStart(digits, "0").replace(/0+$/, "");
  const text = fraction === "" ? `${base}Z` : `${base}.${fraction}Z`;
  return { text, ms: secondMs + Math.floor((truncatedFraction * 10 ** (9 - digits)) / 1_000_000) };
}

/** Returns an integer in [min, max], both inclusive. */
function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function randomHex(random: () => number, length: number): string {
  let hex = "";
  for (let i = 0; i < length; i++) hex += randomInt(random, 0, 15).toString(16);
  return hex;
}

/** Returns a version 4 UUID whose random bits come from `random`. */
function randomUuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => randomInt(random, 0, 255));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
