/**
 * One-time links: the first-run link that creates the first admin, and the
 * invitation link with which an invited user sets a password. Only the
 * SHA-256 of a token is stored.
 */
import { createHash, randomBytes } from "node:crypto";

import { prisma } from "../db";

export type SetupPurpose = "first-admin" | "invite";

export const FIRST_ADMIN_TOKEN_TTL_MS = 24 * 60 * 60_000;
export const INVITE_TOKEN_TTL_MS = 7 * 24 * 60 * 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The path of a setup link. */
export function setupPath(token: string): string {
  return `/setup/${token}`;
}

/** Creates a token and returns it; the caller puts it in a link. */
export async function createSetupToken(purpose: SetupPurpose, userId: string | null, ttlMs: number, nowMs: number = Date.now()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await prisma.setupToken.create({ data: { tokenHash: hashToken(token), purpose, userId, expiresAt: new Date(nowMs + ttlMs) } });
  return token;
}

export interface ValidSetupToken {
  tokenHash: string;
  purpose: SetupPurpose;
  user: { id: string; email: string; name: string } | null;
}

/** Returns an unused, unexpired token, or null. */
export async function findValidSetupToken(token: string, nowMs: number = Date.now()): Promise<ValidSetupToken | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await prisma.setupToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!row || row.usedAt !== null || row.expiresAt.getTime() <= nowMs) return null;
  if (row.purpose !== "first-admin" && row.purpose !== "invite") return null;
  return { tokenHash: row.tokenHash, purpose: row.purpose, user: row.user };
}
