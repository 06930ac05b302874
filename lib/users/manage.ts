/**
 * User management: creating and inviting users, roles, deactivation, room
 * assignments, the first admin and invitation acceptance. Each operation that
 * an admin performs takes the acting viewer and checks the role itself.
 */
import { normalizeEmail } from "../auth/credentials";
import { hashPassword, passwordProblem } from "../auth/password";
import { assertCanManageUsers, isRole, type Role, type Viewer } from "../auth/permissions";
import { createSetupToken, findValidSetupToken, FIRST_ADMIN_TOKEN_TTL_MS, INVITE_TOKEN_TTL_MS } from "../auth/setup-tokens";
import { prisma } from "../db";
import type { Env } from "../env";
import { logger } from "../logger";

/** An invalid request from a person, with a message to show them. */
export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserInputError";
  }
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  /** False while an invited user has not set a password. */
  hasPassword: boolean;
  roomIds: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validEmail(raw: string): string {
  const email = normalizeEmail(raw);
  if (!EMAIL.test(email) || email.length > 320) throw new UserInputError(`"${raw}" is not a valid email address.`);
  return email;
}

function validName(raw: string): string {
  const name = raw.trim();
  if (name === "" || name.length > 200) throw new UserInputError("Name must be 1 to 200 characters.");
  return name;
}

function validRole(raw: string): Role {
  if (!isRole(raw)) throw new UserInputError(`Role must be admin or teacher, not "${raw}".`);
  return raw;
}

function validPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new UserInputError(problem);
  return password;
}

async function assertEmailFree(email: string): Promise<void> {
  if (await prisma.user.findUnique({ where: { email } })) throw new UserInputError(`A user with the email ${email} already exists.`);
}

function toRow(user: { id: string; email: string; name: string; role: string; active: boolean; passwordHash: string | null; rooms: { roomId: string }[] }): UserRow {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    hasPassword: user.passwordHash !== null,
    roomIds: user.rooms.map((assignment) => assignment.roomId).sort(),
  };
}

export async function listUsers(actor: Viewer): Promise<UserRow[]> {
  assertCanManageUsers(actor);
  const users = await prisma.user.findMany({ include: { rooms: { select: { roomId: true } } }, orderBy: { email: "asc" } });
  return users.map(toRow);
}

export async function getUser(actor: Viewer, userId: string): Promise<UserRow | null> {
  assertCanManageUsers(actor);
  const user = await prisma.user.findUnique({ where: { id: userId }, include: { rooms: { select: { roomId: true } } } });
  return user ? toRow(user) : null;
}

/** Creates an active user with a password chosen by the admin. */
export async function createUser(actor: Viewer, input: { email: string; name: string; role: string; password: string }): Promise<UserRow> {
  assertCanManageUsers(actor);
  const email = validEmail(input.email);
  const name = validName(input.name);
  const role = validRole(input.role);
  const passwordHash = await hashPassword(validPassword(input.password));
  await assertEmailFree(email);

  const user = await prisma.user.create({ data: { email, name, role, passwordHash }, include: { rooms: true } });
  logger.info({ event: "users.created", userId: user.id, role, actorId: actor.id }, "user created");
  return toRow(user);
}

/** Creates a user without a password and returns the token of the link with which they set one. */
export async function inviteUser(actor: Viewer, input: { email: string; name: string; role: string }): Promise<{ user: UserRow; token: string }> {
  assertCanManageUsers(actor);
  const email = validEmail(input.email);
  const name = validName(input.name);
  const role = validRole(input.role);
  await assertEmailFree(email);

  const user = await prisma.user.create({ data: { email, name, role, passwordHash: null }, include: { rooms: true } });
  const token = await createSetupToken("invite", user.id, INVITE_TOKEN_TTL_MS);
  logger.info({ event: "users.invited", userId: user.id, role, actorId: actor.id }, "user invited");
  return { user: toRow(user), token };
}

/** Creates a new invitation link for a user who has not set a password yet. */
export async function renewInvitation(actor: Viewer, userId: string): Promise<string> {
  assertCanManageUsers(actor);
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("User not found.");
  if (user.passwordHash !== null) throw new UserInputError(`${user.email} has already set a password.`);
  return createSetupToken("invite", user.id, INVITE_TOKEN_TTL_MS);
}

async function assertAnotherActiveAdmin(userId: string): Promise<void> {
  const others = await prisma.user.count({ where: { role: "admin", active: true, id: { not: userId } } });
  if (others === 0) throw new UserInputError("At least one active admin must remain.");
}

export async function changeRole(actor: Viewer, userId: string, rawRole: string): Promise<void> {
  assertCanManageUsers(actor);
  const role = validRole(rawRole);
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("User not found.");
  if (user.role === role) return;
  if (user.role === "admin") await assertAnotherActiveAdmin(userId);

  await prisma.user.update({ where: { id: userId }, data: { role } });
  logger.info({ event: "users.role_changed", userId, role, actorId: actor.id }, "user role changed");
}

/** Deactivates or reactivates a user; a deactivated user's sessions stop working at their next request. */
export async function setActive(actor: Viewer, userId: string, active: boolean): Promise<void> {
  assertCanManageUsers(actor);
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("User not found.");
  if (!active && user.id === actor.id) throw new UserInputError("You cannot deactivate yourself.");
  if (!active && user.role === "admin") await assertAnotherActiveAdmin(userId);

  await prisma.user.update({ where: { id: userId }, data: { active } });
  logger.info({ event: active ? "users.reactivated" : "users.deactivated", userId, actorId: actor.id }, active ? "user reactivated" : "user deactivated");
}

/** Replaces the rooms assigned to a user; rooms that do not exist are rejected. */
export async function setRoomAssignments(actor: Viewer, userId: string, roomIds: string[]): Promise<void> {
  assertCanManageUsers(actor);
  const unique = [...new Set(roomIds)];
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new UserInputError("User not found.");
  const known = await prisma.room.count({ where: { id: { in: unique } } });
  if (known !== unique.length) throw new UserInputError("One of the selected rooms does not exist.");

  await prisma.$transaction([
    prisma.roomAssignment.deleteMany({ where: { userId } }),
    prisma.roomAssignment.createMany({ data: unique.map((roomId) => ({ userId, roomId })) }),
  ]);
  logger.info({ event: "users.rooms_assigned", userId, roomIds: unique, actorId: actor.id }, "rooms assigned");
}

export type FirstAdminResult = { kind: "users-exist" } | { kind: "created"; email: string } | { kind: "setup-link"; token: string };

/**
 * Runs at start-up while no user exists: creates the first admin from
 * ADMIN_EMAIL and ADMIN_PASSWORD, or, when they are unset, a one-time setup
 * link (replacing any earlier unused one).
 */
export async function ensureFirstAdmin(env: Pick<Env, "ADMIN_EMAIL" | "ADMIN_PASSWORD">): Promise<FirstAdminResult> {
  if ((await prisma.user.count()) > 0) return { kind: "users-exist" };

  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const email = validEmail(env.ADMIN_EMAIL);
    const passwordHash = await hashPassword(validPassword(env.ADMIN_PASSWORD));
    await prisma.user.create({ data: { email, name: "Admin", role: "admin", passwordHash } });
    logger.info({ event: "users.first_admin_created", email }, "first admin created from ADMIN_EMAIL");
    return { kind: "created", email };
  }

  await prisma.setupToken.deleteMany({ where: { purpose: "first-admin" } });
  const token = await createSetupToken("first-admin", null, FIRST_ADMIN_TOKEN_TTL_MS);
  return { kind: "setup-link", token };
}

/**
 * Completes a setup link: creates the first admin (only while no user
 * exists) or sets an invited user's password. Marks the token used.
 * Returns the email to sign in with.
 */
export async function completeSetup(token: string, input: { email?: string; name?: string; password: string }): Promise<string> {
  const found = await findValidSetupToken(token);
  if (!found) throw new UserInputError("This link is invalid, expired or already used.");
  const passwordHash = await hashPassword(validPassword(input.password));

  return prisma.$transaction(async (tx) => {
    const claimed = await tx.setupToken.updateMany({ where: { tokenHash: found.tokenHash, usedAt: null }, data: { usedAt: new Date() } });
    if (claimed.count !== 1) throw new UserInputError("This link is invalid, expired or already used.");

    if (found.purpose === "first-admin") {
      if ((await tx.user.count()) > 0) throw new UserInputError("An admin already exists. Sign in instead.");
      const email = validEmail(input.email ?? "");
      const user = await tx.user.create({ data: { email, name: validName(input.name ?? ""), role: "admin", passwordHash } });
      logger.info({ event: "users.first_admin_created", userId: user.id }, "first admin created through the setup link");
      return email;
    }

    if (!found.user) throw new UserInputError("This link is invalid, expired or already used.");
    await tx.user.update({ where: { id: found.user.id }, data: { passwordHash } });
    logger.info({ event: "users.invitation_accepted", userId: found.user.id }, "invited user set a password");
    return found.user.email;
  });
}
