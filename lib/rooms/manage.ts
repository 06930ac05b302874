/**
 * Changes to a room's attendance rules and roster, and to status overrides of
 * its sessions. Admins may change every room, teachers only their assigned
 * rooms; a room the viewer may not see is reported as not found.
 */
import { canManageRoom, type Viewer } from "../auth/permissions";
import { isOverrideStatus, validateRules, type AttendanceRules } from "../attendance/status";
import { parseCsv } from "../csv/read-csv";
import { prisma } from "../db";
import { logger } from "../logger";

/** An invalid input, with a message for the user. */
export class RoomInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RoomInputError";
  }
}

/**
 * Largest roster file accepted, in bytes. It stays below the 1 MB request body
 * that Next.js allows a server action by default (serverActions.bodySizeLimit),
 * so that the upload form's multipart overhead still fits.
 */
export const MAX_ROSTER_BYTES = 900 * 1024;
/** Most people on one roster. */
export const MAX_ROSTER_ENTRIES = 5000;

async function assertRoom(viewer: Viewer, roomId: string): Promise<void> {
  const room = canManageRoom(viewer, roomId) ? await prisma.room.findUnique({ where: { id: roomId }, select: { id: true } }) : null;
  if (!room) throw new RoomInputError(`Room ${roomId} not found`);
}

/** Sets a room's rules; null for a field restores its default. */
export async function updateRules(viewer: Viewer, roomId: string, rules: { [K in keyof AttendanceRules]: number | null }): Promise<void> {
  await assertRoom(viewer, roomId);
  const problems = validateRules({
    presentMinPercent: rules.presentMinPercent ?? 0,
    lateAfterMinutes: rules.lateAfterMinutes ?? 0,
    leftEarlyMinutes: rules.leftEarlyMinutes ?? 0,
  });
  if (problems.length > 0) throw new RoomInputError(problems.join(". "));
  await prisma.room.update({ where: { id: roomId }, data: rules });
  logger.info({ event: "room.rules_updated", roomId, userId: viewer.id, rules }, "attendance rules changed");
}

export interface RosterRow {
  userId: string;
  name: string;
  email: string | null;
}

/**
 * Reads a roster CSV with a header row naming `user_id`, `name` and
 * optionally `email`, in any order and case. Throws RoomInputError naming
 * the line of the first invalid row.
 */
export function parseRosterCsv(text: string): RosterRow[] {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new RoomInputError(`The roster is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length === 0) throw new RoomInputError("The roster file is empty; it needs a header row with user_id and name");

  const header = records[0].map((cell) => cell.trim().toLowerCase());
  const userIdColumn = header.indexOf("user_id");
  const nameColumn = header.indexOf("name");
  const emailColumn = header.indexOf("email");
  if (userIdColumn === -1 || nameColumn === -1) {
    throw new RoomInputError(`The roster's header row must name user_id and name columns; found: ${header.join(", ")}`);
  }
  if (records.length - 1 > MAX_ROSTER_ENTRIES) throw new RoomInputError(`The roster has ${records.length - 1} rows; at most ${MAX_ROSTER_ENTRIES} are allowed`);

  const rows = new Map<string, RosterRow>();
  records.slice(1).forEach((record, index) => {
    const row = validateRosterRow(record[userIdColumn] ?? "", record[nameColumn] ?? "", emailColumn === -1 ? "" : (record[emailColumn] ?? ""), `Row ${index + 2}`);
    if (rows.has(row.userId)) throw new RoomInputError(`Row ${index + 2}: user_id ${row.userId} appears twice`);
    rows.set(row.userId, row);
  });
  return [...rows.values()];
}

function validateRosterRow(userId: string, name: string, email: string, where: string): RosterRow {
  const trimmedId = userId.trim();
  const trimmedName = name.trim();
  const trimmedEmail = email.trim();
  if (trimmedId === "" || trimmedId.length > 256) throw new RoomInputError(`${where}: user_id is missing or longer than 256 characters`);
  if (trimmedName === "" || trimmedName.length > 256) throw new RoomInputError(`${where}: name is missing or longer than 256 characters`);
  if (trimmedEmail !== "" && (trimmedEmail.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(trimmedEmail))) {
    throw new RoomInputError(`${where}: email "${trimmedEmail}" is not an email address`);
  }
  return { userId: trimmedId, name: trimmedName, email: trimmedEmail === "" ? null : trimmedEmail };
}

/** Replaces a room's roster with the rows of an uploaded CSV; returns how many people it holds. */
export async function replaceRoster(viewer: Viewer, roomId: string, csvText: string): Promise<number> {
  await assertRoom(viewer, roomId);
  const rows = parseRosterCsv(csvText);
  await prisma.$transaction([
    prisma.rosterEntry.deleteMany({ where: { roomId } }),
    prisma.rosterEntry.createMany({ data: rows.map((row) => ({ roomId, ...row })) }),
  ]);
  logger.info({ event: "room.roster_replaced", roomId, userId: viewer.id, entries: rows.length }, "roster uploaded");
  return rows.length;
}

/** Adds one person to a room's roster, or updates their name and email. */
export async function upsertRosterEntry(viewer: Viewer, roomId: string, input: { userId: string; name: string; email: string }): Promise<RosterRow> {
  await assertRoom(viewer, roomId);
  const row = validateRosterRow(input.userId, input.name, input.email, "Roster entry");
  await prisma.rosterEntry.upsert({
    where: { roomId_userId: { roomId, userId: row.userId } },
    create: { roomId, ...row },
    update: { name: row.name, email: row.email },
  });
  logger.info({ event: "room.roster_entry_saved", roomId, userId: viewer.id, rosterUserId: row.userId }, "roster entry saved");
  return row;
}

export async function removeRosterEntry(viewer: Viewer, roomId: string, userId: string): Promise<void> {
  await assertRoom(viewer, roomId);
  await prisma.rosterEntry.deleteMany({ where: { roomId, userId } });
  logger.info({ event: "room.roster_entry_removed", roomId, userId: viewer.id, rosterUserId: userId }, "roster entry removed");
}

/** Replaces the computed status of one person in one session, recording who did it and when. */
export async function setStatusOverride(
  viewer: Viewer,
  input: { sessionId: string; personKey: string; status: string; reason: string },
  nowMs: number = Date.now(),
): Promise<void> {
  const session = await prisma.session.findUnique({ where: { id: input.sessionId }, select: { roomId: true } });
  if (!session || !canManageRoom(viewer, session.roomId)) throw new RoomInputError(`Session ${input.sessionId} not found`);
  if (!isOverrideStatus(input.status)) throw new RoomInputError(`"${input.status}" is not a status; choose present, late, left-early, partial, absent or excused`);
  const reason = input.reason.trim();
  if (reason === "" || reason.length > 500) throw new RoomInputError("A reason of 1 to 500 characters is required");
  const personKey = input.personKey.trim();
  if (personKey === "" || personKey.length > 300) throw new RoomInputError("Choose the person whose status to change");

  const data = { status: input.status, reason, setByEmail: viewer.email, setAt: new Date(nowMs) };
  await prisma.statusOverride.upsert({
    where: { sessionId_personKey: { sessionId: input.sessionId, personKey } },
    create: { sessionId: input.sessionId, personKey, ...data },
    update: data,
  });
  logger.info({ event: "session.status_overridden", sessionId: input.sessionId, personKey, status: input.status, userId: viewer.id }, "status overridden");
}

export async function clearStatusOverride(viewer: Viewer, sessionId: string, personKey: string): Promise<void> {
  const session = await prisma.session.findUnique({ where: { id: sessionId }, select: { roomId: true } });
  if (!session || !canManageRoom(viewer, session.roomId)) throw new RoomInputError(`Session ${sessionId} not found`);
  await prisma.statusOverride.deleteMany({ where: { sessionId, personKey } });
  logger.info({ event: "session.status_override_cleared", sessionId, personKey, userId: viewer.id }, "status override cleared");
}
