"use server";

import { revalidatePath } from "next/cache";

import type { ActionState } from "@/components/action-form";
import { requireActionViewer } from "@/lib/auth/guards";
import { logger } from "@/lib/logger";
import * as rooms from "@/lib/rooms/manage";

// Every action authenticates with requireActionViewer, and lib/rooms/manage.ts
// rejects a room the viewer may not manage as not found.

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

/** Reads an optional whole number; empty means "use the default". */
function optionalInteger(form: FormData, name: string, label: string): number | null {
  const value = text(form, name).trim();
  if (value === "") return null;
  if (!/^\d+$/.test(value)) throw new rooms.RoomInputError(`${label} must be a whole number, or empty for the default`);
  return Number(value);
}

async function run(action: string, roomId: string, work: () => Promise<ActionState>): Promise<ActionState> {
  try {
    const state = await work();
    revalidatePath(`/rooms/${encodeURIComponent(roomId)}`);
    return state;
  } catch (error) {
    if (error instanceof rooms.RoomInputError) return { error: error.message };
    logger.error({ event: "rooms.action_failed", action, roomId, err: error }, "room action failed");
    return { error: "The change failed because of a server error. Try again." };
  }
}

export async function updateRulesAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const roomId = text(form, "roomId");
  return run("update-rules", roomId, async () => {
    const viewer = await requireActionViewer();
    await rooms.updateRules(viewer, roomId, {
      presentMinPercent: optionalInteger(form, "presentMinPercent", "Present threshold"),
      lateAfterMinutes: optionalInteger(form, "lateAfterMinutes", "Late after"),
      leftEarlyMinutes: optionalInteger(form, "leftEarlyMinutes", "Left early"),
    });
    return { message: "Rules saved. Statuses are recomputed with them." };
  });
}

export async function uploadRosterAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const roomId = text(form, "roomId");
  return run("upload-roster", roomId, async () => {
    const viewer = await requireActionViewer();
    const file = form.get("roster");
    if (!(file instanceof File) || file.size === 0) throw new rooms.RoomInputError("Choose a CSV file with user_id, name and optional email columns");
    if (file.size > rooms.MAX_ROSTER_BYTES) throw new rooms.RoomInputError(`The file has ${file.size} bytes; at most ${rooms.MAX_ROSTER_BYTES} are allowed`);
    const count = await rooms.replaceRoster(viewer, roomId, await file.text());
    return { message: `Roster replaced: ${count} people.` };
  });
}

export async function saveRosterEntryAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const roomId = text(form, "roomId");
  return run("save-roster-entry", roomId, async () => {
    const viewer = await requireActionViewer();
    const row = await rooms.upsertRosterEntry(viewer, roomId, { userId: text(form, "userId"), name: text(form, "name"), email: text(form, "email") });
    return { message: `Saved ${row.name} (${row.userId}) on the roster.` };
  });
}

export async function removeRosterEntryAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const roomId = text(form, "roomId");
  return run("remove-roster-entry", roomId, async () => {
    const viewer = await requireActionViewer();
    await rooms.removeRosterEntry(viewer, roomId, text(form, "userId"));
    return { message: `Removed ${text(form, "userId")} from the roster.` };
  });
}
