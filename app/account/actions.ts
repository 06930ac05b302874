"use server";

import { revalidatePath } from "next/cache";

import type { ActionState } from "@/components/action-form";
import { requireActionViewer } from "@/lib/auth/guards";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { isTimeZone } from "@/lib/time-zone";

/** Stores the time zone chosen on the account page. */
export async function saveTimeZoneAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const viewer = await requireActionViewer();
  const timeZone = String(form.get("timeZone") ?? "");
  if (!isTimeZone(timeZone)) return { error: `"${timeZone}" is not an IANA time zone name, such as Europe/Berlin` };
  await prisma.user.update({ where: { id: viewer.id }, data: { timeZone } });
  logger.info({ event: "account.time_zone_set", userId: viewer.id, timeZone }, "time zone changed");
  revalidatePath("/", "layout");
  return { message: `Times are now shown in ${timeZone}.` };
}

/**
 * Stores the browser's time zone for a user who has none yet; a zone chosen
 * on the account page is never replaced. Returns true when it stored one.
 */
export async function adoptBrowserTimeZoneAction(timeZone: string): Promise<boolean> {
  const viewer = await requireActionViewer();
  if (viewer.timeZone !== null || !isTimeZone(timeZone)) return false;
  const { count } = await prisma.user.updateMany({ where: { id: viewer.id, timeZone: null }, data: { timeZone } });
  return count > 0;
}
