import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, test } from "vitest";

import { createManagementToken, ManagementTokenSource } from "./management-token";

const SECRET = "test-app-secret-0123456789";
const NOW_MS = Date.UTC(2026, 2, 2, 9, 0, 0, 500);

describe("createManagementToken", () => {
  test("claims match a 100ms management token", async () => {
    const { token, expiresAtMs } = await createManagementToken("access-key-1", SECRET, NOW_MS);
    const claims = decodeJwt(token);
    const issuedAt = Math.floor(NOW_MS / 1000) - 10;

    expect(decodeProtectedHeader(token)).toEqual({ alg: "HS256", typ: "JWT" });
    expect(claims.access_key).toBe("access-key-1");
    expect(claims.type).toBe("management");
    expect(claims.version).toBe(2);
    expect(claims.iat).toBe(issuedAt);
    expect(claims.nbf).toBe(issuedAt);
    expect(claims.exp).toBe(issuedAt + 24 * 60 * 60);
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(expiresAtMs).toBe((issuedAt + 24 * 60 * 60) * 1000);
  });

  test("verifies with the secret only", async () => {
    const { token } = await createManagementToken("access-key-1", SECRET);
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ["HS256"] });
    expect(payload.access_key).toBe("access-key-1");
    await expect(jwtVerify(token, new TextEncoder().encode("another-secret"))).rejects.toThrow(/signature/);
  });

  test("every token has its own jti", async () => {
    const first = decodeJwt((await createManagementToken("k", SECRET, NOW_MS)).token);
    const second = decodeJwt((await createManagementToken("k", SECRET, NOW_MS)).token);
    expect(first.jti).not.toBe(second.jti);
  });
});

describe("ManagementTokenSource", () => {
  test("caches until an hour before expiry", async () => {
    let nowMs = NOW_MS;
    const source = new ManagementTokenSource("k", SECRET, () => nowMs);
    const first = await source.get();

    nowMs += 22 * 60 * 60 * 1000;
    expect(await source.get()).toBe(first);

    nowMs += 2 * 60 * 60 * 1000;
    expect(await source.get()).not.toBe(first);
  });

  test("invalidate forces a new token", async () => {
    const source = new ManagementTokenSource("k", SECRET, () => NOW_MS);
    const first = await source.get();
    source.invalidate();
    expect(await source.get()).not.toBe(first);
  });
});
