"use server";

import { revalidatePath } from "next/cache";

import type { ActionState } from "@/components/action-form";
import { requireActionViewer } from "@/lib/auth/guards";
import { ForbiddenError } from "@/lib/auth/permissions";
import { setupPath } from "@/lib/auth/setup-tokens";
import { siteOrigin } from "@/lib/http/site-origin";
import { logger } from "@/lib/logger";
import * as users from "@/lib/users/manage";

// Every action authenticates with requireActionViewer, and the functions of
// lib/users/manage.ts reject any viewer who is not an admin.

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

async function run(action: string, work: () => Promise<ActionState>): Promise<ActionState> {
  try {
    const state = await work();
    revalidatePath("/admin/users", "layout");
    return state;
  } catch (error) {
    if (error instanceof users.UserInputError || error instanceof ForbiddenError) return { error: error.message };
    logger.error({ event: "users.action_failed", action, err: error }, "user management action failed");
    return { error: "The change failed because of a server error. Try again." };
  }
}

export async function createUserAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("create", async () => {
    const actor = await requireActionViewer();
    const user = await users.createUser(actor, {
      email: text(form, "email"),
      name: text(form, "name"),
      role: text(form, "role"),
      password: text(form, "password"),
    });
    return { message: `Created ${user.email}. They can sign in now.` };
  });
}

export async function inviteUserAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("invite", async () => {
    const actor = await requireActionViewer();
    const { user, token } = await users.inviteUser(actor, { email: text(form, "email"), name: text(form, "name"), role: text(form, "role") });
    return { message: `Invited ${user.email}. Send them this link; it works once, for 7 days:`, link: `${await siteOrigin()}${setupPath(token)}` };
  });
}

export async function renewInvitationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("renew-invitation", async () => {
    const actor = await requireActionViewer();
    const token = await users.renewInvitation(actor, text(form, "userId"));
    return { message: "New invitation link; it works once, for 7 days:", link: `${await siteOrigin()}${setupPath(token)}` };
  });
}

export async function changeRoleAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("change-role", async () => {
    const actor = await requireActionViewer();
    await users.changeRole(actor, text(form, "userId"), text(form, "role"));
    return { message: "Role saved." };
  });
}

export async function setActiveAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("set-active", async () => {
    const actor = await requireActionViewer();
    const active = text(form, "active") === "true";
    await users.setActive(actor, text(form, "userId"), active);
    return { message: active ? "User reactivated." : "User deactivated." };
  });
}

export async function assignRoomsAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return run("assign-rooms", async () => {
    const actor = await requireActionViewer();
    const roomIds = form.getAll("roomId").map(String);
    await users.setRoomAssignments(actor, text(form, "userId"), roomIds);
    return { message: `Rooms saved (${roomIds.length} assigned).` };
  });
}
