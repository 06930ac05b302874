/**
 * Real users and real session cookies for route tests: users are rows in the
 * test file's SQLite database, and cookies are next-auth JWTs encrypted with
 * the configured secret, exactly as the sign-in endpoint issues them.
 */
import { encode } from "next-auth/jwt";

import { hashPassword } from "@/lib/auth/password";
import type { Role, Viewer } from "@/lib/auth/permissions";
import { getAuthSecret } from "@/lib/auth/secret";
import { loadViewer, sessionCookieName, sessionMaxAgeSeconds } from "@/lib/auth/session-token";
import { prisma } from "@/lib/db";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  viewer: Viewer;
}

/** Creates a room row unless it exists, as a webhook event would. */
export async function ensureRoom(id: string, name = id): Promise<void> {
  await prisma.room.upsert({ where: { id }, create: { id, name }, update: {} });
}

/** Creates an active user with the given role and assigned rooms. */
export async function createTestUser(role: Role, options: { email?: string; password?: string; roomIds?: string[]; active?: boolean } = {}): Promise<TestUser> {
  const email = options.email ?? `${role}-${crypto.randomUUID()}@school.test`;
  const password = options.password ?? "correct horse battery";
  for (const roomId of options.roomIds ?? []) await ensureRoom(roomId);
  const user = await prisma.user.create({
    data: {
      email,
      name: `${role} ${email}`,
      role,
      active: options.active ?? true,
      passwordHash: await hashPassword(password),
      rooms: { create: (options.roomIds ?? []).map((roomId) => ({ roomId })) },
    },
  });
  const viewer = await loadViewer(user.id);
  return { id: user.id, email, password, viewer: viewer ?? { id: user.id, email, name: user.name, role, roomIds: [], timeZone: null } };
}

/** Returns a Cookie header value with a session of `userId`, valid for `maxAgeSeconds`. */
export async function sessionCookie(userId: string, maxAgeSeconds = sessionMaxAgeSeconds()): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: getAuthSecret(), maxAge: maxAgeSeconds });
  return `${sessionCookieName()}=${token}`;
}

/** A request signed in as `userId`, or anonymous when `userId` is undefined. */
export async function requestAs(userId: string | undefined, url: string, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  if (userId) headers.set("cookie", await sessionCookie(userId));
  return new Request(url, { ...init, headers });
}
