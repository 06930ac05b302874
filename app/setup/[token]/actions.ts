"use server";

import { redirect } from "next/navigation";

import type { ActionState } from "@/components/action-form";
import { logger } from "@/lib/logger";
import { completeSetup, UserInputError } from "@/lib/users/manage";

/**
 * Completes a first-run or invitation link. Public by design: the one-time
 * token in the form is the authorisation, and completeSetup checks it.
 */
export async function completeSetupAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("passwordRepeat") ?? "")) return { error: "The two passwords differ." };

  let email: string;
  try {
    email = await completeSetup(token, {
      email: form.has("email") ? String(form.get("email")) : undefined,
      name: form.has("name") ? String(form.get("name")) : undefined,
      password,
    });
  } catch (error) {
    if (error instanceof UserInputError) return { error: error.message };
    logger.error({ event: "setup.failed", err: error }, "setup link could not be completed");
    return { error: "Setup failed because of a server error. Try again." };
  }
  redirect(`/sign-in?${new URLSearchParams({ email })}`);
}
