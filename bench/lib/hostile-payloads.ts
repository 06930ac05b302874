/**
 * Generated malformed and hostile webhook bodies: wrong types, missing
 * fields, huge strings, deep nesting, invalid UTF-8, zero times, dates out
 * of range and bodies that are not JSON objects. Every one must be rejected
 * with a 4xx status and change nothing. Built from valid events of existing
 * sessions, so a body that slipped through would change stored rows.
 */
import { peerJoin, peerLeave, sessionClose, sessionOpen, type WebhookBody } from "../../tests/hms-events";

export interface HostilePayload {
  /** Category and detail, such as "wrong-type data.joined_at=number". */
  kind: string;
  body: Uint8Array;
}

/** The session and peer that the hostile bodies aim at; seed them with `targetEvents` first. */
export interface Target {
  sessionId: string;
  peerId: string;
  userId: string;
}

const START = "2026-03-02T09:00:00Z";
const JOIN = "2026-03-02T09:01:00Z";
const LEAVE = "2026-03-02T09:31:00Z";
const STOP = "2026-03-02T10:00:00Z";

/** Valid events of the target session, to be stored before the hostile bodies are sent. */
export function targetEvents(target: Target): WebhookBody[] {
  const peer = { sessionId: target.sessionId, peerId: target.peerId, userId: target.userId, name: "Target", joinedAt: JOIN };
  return [sessionOpen(target.sessionId, START), peerJoin(peer), peerLeave(peer, LEAVE), sessionClose(target.sessionId, START, STOP)];
}

/** Valid templates that each hostile body starts from: one of every attendance type, with fresh ids. */
function templates(target: Target, index: number): WebhookBody[] {
  const peer = { sessionId: target.sessionId, peerId: target.peerId, userId: target.userId, name: "Target", joinedAt: "2026-03-02T09:00:30Z" };
  const other = { ...peer, peerId: `${target.peerId}-hostile-${index}` };
  return [
    sessionOpen(target.sessionId, "2026-03-02T08:59:00Z"),
    sessionClose(target.sessionId, "2026-03-02T08:59:00Z", "2026-03-02T10:30:00Z"),
    peerJoin(peer),
    peerJoin(other),
    peerLeave(peer, "2026-03-02T09:45:00Z"),
  ];
}

const REQUIRED_ENVELOPE = ["id", "type", "timestamp", "data"];
const REQUIRED_DATA: Record<string, string[]> = {
  "session.open.success": ["room_id", "session_id", "session_started_at"],
  "session.close.success": ["room_id", "session_id", "session_started_at", "session_stopped_at"],
  "peer.join.success": ["room_id", "session_id", "peer_id", "user_id", "user_name", "role", "joined_at"],
  "peer.leave.success": ["room_id", "session_id", "peer_id", "user_id", "user_name", "role", "joined_at", "left_at"],
};
const NUMBER_FIELDS = new Set(["session_duration", "duration"]);
const TIME_FIELDS: Record<string, string[]> = {
  "session.open.success": ["session_started_at"],
  "session.close.success": ["session_started_at", "session_stopped_at"],
  "peer.join.success": ["joined_at"],
  "peer.leave.success": ["left_at"],
};

const WRONG_VALUES: [string, unknown][] = [
  ["number", 42],
  ["negative", -1],
  ["float", 1.5e308],
  ["boolean", true],
  ["null", null],
  ["array", ["a"]],
  ["object", { value: "a" }],
  ["empty-array", []],
];
const WRONG_FOR_NUMBER: [string, unknown][] = [
  ["string", "12"],
  ["boolean", false],
  ["array", [1]],
  ["object", {}],
];
const BAD_TIMES = [
  "2100-01-01T00:00:00Z",
  "2999-12-31T23:59:59Z",
  "9999-12-31T23:59:59.999999999Z",
  "+275760-09-13T00:00:00Z",
  "1999-12-31T23:59:59Z",
  "1970-01-01T00:00:00Z",
  "2026-02-30T09:00:00Z",
  "2026-03-02T25:00:00Z",
  "2026-03-02 09:00:00",
  "1772442000",
  "",
  "yesterday",
];
const ZERO_TIMES = ["0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z"];
const NOT_OBJECTS = ["", " ", "null", "true", "42", '"event"', "[]", "[{}]", "{", '{"id":', "{'id':'x'}", "NaN", "undefined", "\u0000", "{}"];

const encoder = new TextEncoder();

function json(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

function clone(body: WebhookBody): WebhookBody {
  return JSON.parse(JSON.stringify(body)) as WebhookBody;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function nested(depth: number, random: () => number): string {
  const open = random() < 0.5 ? "[" : '{"a":';
  const close = open === "[" ? "]" : "}";
  return open.repeat(depth) + "1" + close.repeat(depth);
}

/** Byte sequences that are not valid UTF-8: a stray continuation byte, 0xFF, an overlong "/", a surrogate, a truncated sequence. */
const INVALID_UTF8: number[][] = [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** Returns the bytes of `body` with an invalid UTF-8 sequence inside the string value of `field`. */
function withInvalidUtf8(body: WebhookBody, field: string, sequence: number[]): Uint8Array {
  const marker = "\u0001MARK\u0001";
  const copy = clone(body);
  copy.data[field] = `x${marker}y`;
  const text = JSON.stringify(copy);
  const [before, after] = text.split(JSON.stringify(marker).slice(1, -1));
  return Buffer.concat([Buffer.from(before, "utf8"), Buffer.from(sequence), Buffer.from(after, "utf8")]);
}

type Generator = (template: WebhookBody, random: () => number) => HostilePayload;

const GENERATORS: Generator[] = [
  function wrongType(template, random) {
    const inData = random() < 0.8;
    const fields = inData ? Object.keys(template.data) : [...REQUIRED_ENVELOPE.filter((key) => key !== "data"), "version", "account_id", "app_id"];
    const field = pick(fields, random);
    const [label, value] = NUMBER_FIELDS.has(field) ? pick(WRONG_FOR_NUMBER, random) : pick(WRONG_VALUES, random);
    const body = clone(template);
    if (inData) body.data[field] = value;
    else (body as unknown as Record<string, unknown>)[field] = value;
    return { kind: `wrong-type ${inData ? "data." : ""}${field}=${label}`, body: json(body) };
  },
  function wrongTypeOfData(template, random) {
    const [label, value] = pick([["string", "data"], ["array", [template.data]], ["number", 1], ["null", null]] as [string, unknown][], random);
    const body = clone(template) as unknown as Record<string, unknown>;
    body.data = value;
    return { kind: `wrong-type data=${label}`, body: json(body) };
  },
  function missingField(template, random) {
    const inData = random() < 0.7;
    const field = pick(inData ? REQUIRED_DATA[template.type] : REQUIRED_ENVELOPE, random);
    const body = clone(template);
    if (inData) delete body.data[field];
    else delete (body as unknown as Record<string, unknown>)[field];
    return { kind: `missing ${inData ? "data." : ""}${field}`, body: json(body) };
  },
  function hugeString(template, random) {
    const inData = random() < 0.7;
    const field = inData ? pick(Object.keys(template.data).filter((key) => !NUMBER_FIELDS.has(key)), random) : pick(["id", "type", "version", "account_id"], random);
    // Longer than the field's limit: 2,048 characters for text, 16,384 for user_data, 256 for ids.
    const length = pick(field === "user_data" ? [20_000, 300_000, 900_000, 2_000_000] : [3_000, 20_000, 300_000, 900_000, 2_000_000], random);
    const body = clone(template);
    const value = "A".repeat(length);
    if (inData) body.data[field] = value;
    else (body as unknown as Record<string, unknown>)[field] = value;
    return { kind: `huge-string ${inData ? "data." : ""}${field} ${length}`, body: json(body) };
  },
  function deepNesting(template, random) {
    const depth = pick([33, 100, 10_000, 100_000], random);
    const where = pick(["body", "data", "field", "unknown-type"], random);
    const text = JSON.stringify(template);
    let bodyText: string;
    if (where === "body") bodyText = nested(depth, random);
    else if (where === "data") bodyText = text.replace(/"data":\{/, `"data":{"deep":${nested(depth, random)},`);
    else if (where === "field") bodyText = text.replace(/"room_id":"[^"]*"/, `"room_id":${nested(depth, random)}`);
    // A type that is stored without validating its data must not accept deep nesting either.
    else bodyText = text.replace(/"type":"[^"]*"/, '"type":"recording.success"').replace(/"data":\{/, `"data":{"deep":${nested(depth, random)},`);
    return { kind: `deep-nesting ${where} ${depth}`, body: encoder.encode(bodyText) };
  },
  function invalidUtf8(template, random) {
    const field = pick(["user_name", "room_name", "session_id", "role"].filter((key) => key in template.data), random);
    const sequence = pick(INVALID_UTF8, random);
    return { kind: `invalid-utf8 data.${field} ${Buffer.from(sequence).toString("hex")}`, body: withInvalidUtf8(template, field, sequence) };
  },
  function zeroTime(template, random) {
    const inData = random() < 0.6;
    const field = inData ? pick(TIME_FIELDS[template.type].filter((key) => key !== "left_at"), random) : "timestamp";
    const body = clone(template);
    const value = pick(ZERO_TIMES, random);
    if (inData && field !== undefined) body.data[field] = value;
    else body.timestamp = value;
    return { kind: `zero-time ${inData && field !== undefined ? `data.${field}` : "timestamp"}=${value}`, body: json(body) };
  },
  function badTime(template, random) {
    const inData = random() < 0.7;
    const field = inData ? pick(TIME_FIELDS[template.type], random) : "timestamp";
    const body = clone(template);
    const value = pick(BAD_TIMES, random);
    if (inData) body.data[field] = value;
    else body.timestamp = value;
    return { kind: `bad-time ${inData ? "data." : ""}${field}=${value}`, body: json(body) };
  },
  function notAnObject(_template, random) {
    const text = pick(NOT_OBJECTS, random);
    return { kind: `not-an-event ${JSON.stringify(text)}`, body: encoder.encode(text) };
  },
  function prototypeKeys(template, random) {
    const key = pick(["__proto__", "constructor", "prototype"], random);
    const text = JSON.stringify(template).replace(/"data":\{[^}]*\}/, `"data":{"${key}":{"room_id":"r","session_id":"${template.data.session_id}"}}`);
    return { kind: `prototype-key data.${key}`, body: encoder.encode(text) };
  },
];

/** Returns the category of a payload: the first word of its kind, such as "wrong-type". */
export function categoryOf(payload: HostilePayload): string {
  return payload.kind.split(" ")[0];
}

/**
 * Generates `count` hostile bodies aimed at `target`, cycling through the
 * categories so that each appears about equally often.
 */
export function generateHostilePayloads(target: Target, count: number, random: () => number): HostilePayload[] {
  const payloads: HostilePayload[] = [];
  for (let i = 0; i < count; i++) {
    const template = pick(templates(target, i), random);
    payloads.push(GENERATORS[i % GENERATORS.length](template, random));
  }
  return payloads;
}
