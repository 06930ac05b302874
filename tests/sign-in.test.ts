import { describe, expect, test } from "vitest";

import { ACCOUNT_LIMIT, ADDRESS_LIMIT, authorizeCredentials, RateLimitedError } from "@/lib/auth/credentials";
import { prisma } from "@/lib/db";
import { completeSetup, ensureFirstAdmin, inviteUser, setActive, setRoomAssignments, UserInputError } from "@/lib/users/manage";

import { createTestUser, ensureRoom } from "./auth-helpers";

describe("authorizeCredentials", () => {
  test("right password signs in, email case ignored", async () => {
    const user = await createTestUser("teacher", { email: "ann@school.test" });
    expect(await authorizeCredentials({ email: " Ann@School.test ", password: user.password }, "10.0.0.1")).toEqual({
      id: user.id,
      email: "ann@school.test",
      name: `teacher ann@school.test`,
    });
  });

  test("wrong password, unknown email and deactivated user all give null", async () => {
    const user = await createTestUser("teacher");
    const inactive = await createTestUser("teacher", { active: false });
    expect(await authorizeCredentials({ email: user.email, password: "wrong password!" }, "10.0.0.2")).toBeNull();
    expect(await authorizeCredentials({ email: "nobody@school.test", password: user.password }, "10.0.0.2")).toBeNull();
    expect(await authorizeCredentials({ email: inactive.email, password: inactive.password }, "10.0.0.2")).toBeNull();
    expect(await authorizeCredentials({}, "10.0.0.2")).toBeNull();
  });

  test("account is blocked after repeated failures, even with the right password", async () => {
    const user = await createTestUser("teacher");
    const t0 = Date.parse("2026-03-02T10:00:00Z");
    for (let i = 0; i < ACCOUNT_LIMIT.maxFailures; i++) {
      // A different address each time, so only the account limit applies.
      expect(await authorizeCredentials({ email: user.email, password: `wrong ${i}` }, `10.1.0.${i}`, t0 + i)).toBeNull();
    }
    await expect(authorizeCredentials({ email: user.email, password: user.password }, "10.1.1.1", t0 + 10)).rejects.toBeInstanceOf(RateLimitedError);
    const afterWindow = t0 + ACCOUNT_LIMIT.windowMs + ACCOUNT_LIMIT.maxFailures;
    expect((await authorizeCredentials({ email: user.email, password: user.password }, "10.1.1.1", afterWindow))?.id).toBe(user.id);
  });

  test("address is blocked after repeated failures across accounts", async () => {
    const user = await createTestUser("teacher");
    const t0 = Date.parse("2026-03-03T10:00:00Z");
    for (let i = 0; i < ADDRESS_LIMIT.maxFailures; i++) {
      expect(await authorizeCredentials({ email: `guess-${i}@school.test`, password: "x" }, "10.2.0.1", t0 + i)).toBeNull();
    }
    await expect(authorizeCredentials({ email: user.email, password: user.password }, "10.2.0.1", t0 + 100)).rejects.toBeInstanceOf(RateLimitedError);
    expect((await authorizeCredentials({ email: user.email, password: user.password }, "10.2.0.2", t0 + 100))?.id).toBe(user.id);
  });
});

describe("user management", () => {
  test("a teacher cannot manage users", async () => {
    const teacher = await createTestUser("teacher");
    const other = await createTestUser("teacher");
    await ensureRoom("room-managed");
    await expect(setRoomAssignments(teacher.viewer, teacher.id, ["room-managed"])).rejects.toThrow("requires the admin role");
    await expect(setActive(teacher.viewer, other.id, false)).rejects.toThrow("requires the admin role");
    expect(await prisma.roomAssignment.count({ where: { userId: teacher.id } })).toBe(0);
  });

  test("invitation link sets the password once", async () => {
    const admin = await createTestUser("admin");
    const { user, token } = await inviteUser(admin.viewer, { email: "Invited@School.test", name: "Ivy", role: "teacher" });
    expect(user.hasPassword).toBe(false);
    expect(await authorizeCredentials({ email: "invited@school.test", password: "" }, "10.3.0.1")).toBeNull();

    expect(await completeSetup(token, { password: "a long new password" })).toBe("invited@school.test");
    expect((await authorizeCredentials({ email: "invited@school.test", password: "a long new password" }, "10.3.0.1"))?.id).toBe(user.id);
    await expect(completeSetup(token, { password: "another long password" })).rejects.toBeInstanceOf(UserInputError);
  });

  test("the last active admin cannot be deactivated", async () => {
    await prisma.user.updateMany({ where: { role: "admin" }, data: { active: false } });
    const admin = await createTestUser("admin");
    const second = await createTestUser("admin");
    await setActive(admin.viewer, second.id, false);
    await expect(setActive(second.viewer, admin.id, false)).rejects.toThrow("At least one active admin must remain.");
  });
});

describe("first admin", () => {
  test("created from ADMIN_EMAIL, then nothing more", async () => {
    await prisma.user.deleteMany();
    expect(await ensureFirstAdmin({ ADMIN_EMAIL: "Head@School.test", ADMIN_PASSWORD: "first admin password" })).toEqual({
      kind: "created",
      email: "head@school.test",
    });
    expect(await prisma.user.findUnique({ where: { email: "head@school.test" } })).toMatchObject({ role: "admin", active: true });
    expect(await ensureFirstAdmin({ ADMIN_EMAIL: "other@school.test", ADMIN_PASSWORD: "other admin password" })).toEqual({ kind: "users-exist" });
  });

  test("setup link creates the admin once", async () => {
    await prisma.user.deleteMany();
    const result = await ensureFirstAdmin({});
    if (result.kind !== "setup-link") throw new Error(`expected a setup link, got ${result.kind}`);
    expect(await completeSetup(result.token, { email: "Lead@School.test", name: "Lead", password: "setup link password" })).toBe("lead@school.test");
    expect(await prisma.user.findMany({ select: { email: true, role: true } })).toEqual([{ email: "lead@school.test", role: "admin" }]);
    await expect(completeSetup(result.token, { email: "x@school.test", name: "X", password: "setup link password" })).rejects.toBeInstanceOf(UserInputError);
  });
});
