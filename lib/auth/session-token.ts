/**
 * Session cookies: next-auth's encrypted JWT, read here without Next's request
 * scope so that pages (through next/headers) and route handlers (through the
 * Request) resolve the viewer the same way. The viewer is loaded from the
 * database on every request, so deactivation, role and room changes apply at once.
 */
import { decode } from "next-auth/jwt";

import { prisma } from "../db";
import { getEnv } from "../env";
import { logger } from "../logger";
import { isRole, type Viewer } from "./permissions";
import { getAuthSecret } from "./secret";

/** Whether cookies carry the Secure flag: only when NEXTAUTH_URL is an https:// address, as next-auth decides by default. */
export function secureCookiesEnabled(): boolean {
  return getEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
}

/** Name of next-auth's session cookie. */
export function sessionCookieName(): string {
  return secureCookiesEnabled() ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

/** Session lifetime in seconds, from SESSION_MAX_AGE_HOURS. */
export function sessionMaxAgeSeconds(): number {
  return Math.round(getEnv().SESSION_MAX_AGE_HOURS * 3600);
}

/** Loads an active user with their room assignments as a Viewer, or null. */
export async function loadViewer(userId: string): Promise<Viewer | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, include: { rooms: { select: { roomId: true } } } });
  if (!user || !user.active || !isRole(user.role)) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    roomIds: user.role === "admin" ? [] : user.rooms.map((assignment) => assignment.roomId).sort(),
    timeZone: user.timeZone,
  };
}

/**
 * Returns the viewer of a session cookie value, or null when the cookie is
 * missing, expired, forged or belongs to a user who is gone or deactivated.
 */
export async function viewerFromSessionToken(token: string | undefined): Promise<Viewer | null> {
  if (!token) return null;
  let payload;
  try {
    payload = await decode({ token, secret: getAuthSecret() });
  } catch (error) {
    logger.info({ event: "auth.session_invalid", err: error instanceof Error ? error.message : String(error) }, "session cookie could not be decoded");
    return null;
  }
  // decode() checks the expiry itself; `exp` is in seconds.
  if (!payload || typeof payload.sub !== "string") return null;
  return loadViewer(payload.sub);
}

/** Reads one cookie from a Cookie header. */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/** Returns the viewer of a route handler's request, or null for an anonymous request. */
export async function viewerFromRequest(request: Request): Promise<Viewer | null> {
  return viewerFromSessionToken(cookieFromHeader(request.headers.get("cookie"), sessionCookieName()));
}
