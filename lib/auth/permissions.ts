/**
 * Who may see and change what. Every page, CSV route and server action asks
 * these predicates, and the data-access functions filter by `roomScope`.
 */
export type Role = "admin" | "teacher";

export const ROLES: readonly Role[] = ["admin", "teacher"];

/** The signed-in user on whose behalf a request runs, as stored now (not as when the session began). */
export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Rooms assigned to a teacher; empty for an admin, who sees every room. */
  roomIds: string[];
  /** IANA time zone the user chose; null until chosen or detected from the browser. */
  timeZone: string | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role === "admin";
}

export function canViewRoom(viewer: Viewer, roomId: string): boolean {
  return isAdmin(viewer) || viewer.roomIds.includes(roomId);
}

/** A session is visible exactly when its room is. */
export function canViewSession(viewer: Viewer, session: { roomId: string }): boolean {
  return canViewRoom(viewer, session.roomId);
}

/** Admins change every room's rules and roster; teachers those of their assigned rooms. */
export function canManageRoom(viewer: Viewer, roomId: string): boolean {
  return canViewRoom(viewer, roomId);
}

export function canManageUsers(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

/** Prisma filter on a `roomId` column: undefined (no filter) for an admin, the assigned rooms for a teacher. */
export function roomScope(viewer: Viewer): { in: string[] } | undefined {
  return isAdmin(viewer) ? undefined : { in: viewer.roomIds };
}

/** Raised by a server-side operation that the viewer's role does not allow. */
export class ForbiddenError extends Error {
  constructor(message = "This action requires the admin role") {
    super(message);
    this.name = "ForbiddenError";
  }
}

export function assertCanManageUsers(viewer: Viewer): void {
  if (!canManageUsers(viewer)) throw new ForbiddenError();
}
