"use server";

import { revalidatePath } from "next/cache";

import type { ActionState } from "@/components/action-form";
import { requireActionViewer } from "@/lib/auth/guards";
import { logger } from "@/lib/logger";
import { clearStatusOverride, RoomInputError, setStatusOverride } from "@/lib/rooms/manage";

// Every action authenticates with requireActionViewer, and lib/rooms/manage.ts
// rejects a session of a room the viewer may not manage as not found.

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

async function run(action: string, sessionId: string, work: () => Promise<ActionState>): Promise<ActionState> {
  try {
    const state = await work();
    revalidatePath(`/sessions/${encodeURIComponent(sessionId)}`);
    return state;
  } catch (error) {
    if (error instanceof RoomInputError) return { error: error.message };
    logger.error({ event: "sessions.action_failed", action, sessionId, err: error }, "session action failed");
    return { error: "The change failed because of a server error. Try again." };
  }
}

export async function overrideStatusAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const sessionId = text(form, "sessionId");
  return run("override-status", sessionId, async () => {
    const viewer = await requireActionViewer();
    await setStatusOverride(viewer, { sessionId, personKey: text(form, "personKey"), status: text(form, "status"), reason: text(form, "reason") });
    return { message: "Status overridden." };
  });
}

export async function clearOverrideAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const sessionId = text(form, "sessionId");
  return run("clear-override", sessionId, async () => {
    const viewer = await requireActionViewer();
    await clearStatusOverride(viewer, sessionId, text(form, "personKey"));
    return { message: "Override removed; the computed status applies again." };
  });
}
