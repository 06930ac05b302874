/**
 * 100ms webhook payloads: the envelope and the `data` of the event types
 * that drive attendance. Every other type is accepted with a loose `data`
 * object, stored and acknowledged.
 */
import { z } from "zod";

import { parseHmsTimestamp } from "./timestamps";

/** Types whose `data` changes rooms, sessions or peers. */
export const ATTENDANCE_EVENT_TYPES = [
  "session.open.success",
  "session.close.success",
  "peer.join.success",
  "peer.leave.success",
] as const;

export type AttendanceEventType = (typeof ATTENDANCE_EVENT_TYPES)[number];

const MAX_ID_LENGTH = 256;
const MAX_TEXT_LENGTH = 2_048;

/**
 * NUL characters and unpaired UTF-16 surrogates are valid in JSON strings but
 * cannot be stored: PostgreSQL rejects NUL in text, and neither engine takes
 * a lone surrogate. Such text is an invalid payload, not a server error.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storableText(maxLength: number, minLength = 0) {
  return z
    .string()
    .min(minLength, "must not be empty")
    .max(maxLength)
    .refine((value) => !UNSTORABLE.test(value), "contains a NUL character or an unpaired surrogate");
}

/** Largest value of a 32-bit integer column, such as the reported session duration. */
const MAX_INT32 = 2_147_483_647;

const id = storableText(MAX_ID_LENGTH, 1);
const text = storableText(MAX_TEXT_LENGTH);

/** A 100ms timestamp as UTC milliseconds; the zero time becomes null. */
const timestamp = z.string().transform((value, ctx) => {
  const ms = parseHmsTimestamp(value);
  if (ms === undefined) {
    ctx.addIssue({ code: "custom", message: `invalid timestamp "${value.slice(0, 40)}", expected RFC 3339 UTC between 2000 and 2100` });
    return z.NEVER;
  }
  return ms;
});

/** A timestamp that must be a real instant: the zero time is invalid where 100ms always sends a time. */
const requiredTimestamp = timestamp.transform((ms, ctx) => {
  if (ms === null) {
    ctx.addIssue({ code: "custom", message: "must not be the zero time 0001-01-01T00:00:00Z" });
    return z.NEVER;
  }
  return ms;
});

const sessionFields = {
  room_id: id,
  room_name: text.optional(),
  session_id: id,
  template_id: text.optional(),
};

const sessionOpenData = z.object({
  ...sessionFields,
  session_started_at: requiredTimestamp,
});

const sessionCloseData = sessionOpenData.extend({
  session_stopped_at: requiredTimestamp,
  session_duration: z.number().int().nonnegative().max(MAX_INT32).optional(),
});

const peerFields = {
  ...sessionFields,
  peer_id: id,
  user_id: storableText(MAX_ID_LENGTH),
  user_name: text,
  user_data: storableText(16_384).optional(),
  role: text,
  session_started_at: timestamp.optional(),
  type: text.optional(),
};

const peerJoinData = z.object({
  ...peerFields,
  joined_at: requiredTimestamp,
});

// A leave may carry the zero time as its join time; a successful join may not.
const peerLeaveData = z.object({
  ...peerFields,
  joined_at: timestamp,
  left_at: timestamp,
  duration: z.number().optional(),
  reason: text.optional(),
  message: text.optional(),
});

const envelope = z.object({
  id,
  version: text.optional(),
  type: storableText(128, 1),
  timestamp: requiredTimestamp,
  account_id: text.optional(),
  app_id: text.optional(),
  is_replay: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()),
});

type Envelope = z.infer<typeof envelope>;
type Base = Omit<Envelope, "data" | "type">;

export type SessionOpenEvent = Base & { type: "session.open.success"; data: z.infer<typeof sessionOpenData> };
export type SessionCloseEvent = Base & { type: "session.close.success"; data: z.infer<typeof sessionCloseData> };
export type PeerJoinEvent = Base & { type: "peer.join.success"; data: z.infer<typeof peerJoinData> };
export type PeerLeaveEvent = Base & { type: "peer.leave.success"; data: z.infer<typeof peerLeaveData> };
/** Any other type, including the `*.failure` events, which open or close nothing. */
export type OtherEvent = Base & { type: string; data: Record<string, unknown> };

export type HmsWebhookEvent = SessionOpenEvent | SessionCloseEvent | PeerJoinEvent | PeerLeaveEvent | OtherEvent;

export function isAttendanceEvent(
  event: HmsWebhookEvent,
): event is SessionOpenEvent | SessionCloseEvent | PeerJoinEvent | PeerLeaveEvent {
  return (ATTENDANCE_EVENT_TYPES as readonly string[]).includes(event.type);
}

const dataSchemas: Record<AttendanceEventType, z.ZodType> = {
  "session.open.success": sessionOpenData,
  "session.close.success": sessionCloseData,
  "peer.join.success": peerJoinData,
  "peer.leave.success": peerLeaveData,
};

export type ParseResult = { ok: true; event: HmsWebhookEvent } | { ok: false; message: string };

/** Validates a decoded JSON body as a 100ms webhook event. */
export function parseWebhookEvent(body: unknown): ParseResult {
  const outer = envelope.safeParse(body);
  if (!outer.success) return { ok: false, message: describeIssues(outer.error, []) };

  const schema = dataSchemas[outer.data.type as AttendanceEventType];
  if (!schema) return { ok: true, event: outer.data as OtherEvent };

  const inner = schema.safeParse(outer.data.data);
  if (!inner.success) return { ok: false, message: describeIssues(inner.error, ["data"]) };
  return { ok: true, event: { ...outer.data, data: inner.data } as HmsWebhookEvent };
}

/** Returns a string field of an event's data, for indexing events whose data was not validated. */
export function stringField(data: object, key: string): string | null {
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH && !UNSTORABLE.test(value) ? value : null;
}

function describeIssues(error: z.ZodError, prefix: string[]): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...prefix, ...issue.path.map(String)].join(".") || "body";
      return `${path}: ${issue.message}`;
    })
    .join("; ");
}
