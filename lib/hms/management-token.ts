/**
 * 100ms management tokens: HS256 JWTs signed with the app secret, as
 * 100ms's server SDK (100mslive/server-sdks) makes them. `iat` is backdated
 * 10 s for clock skew, and a token lives 24 hours.
 */
import { randomUUID } from "node:crypto";

import { SignJWT } from "jose";

export const TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
export const CLOCK_SKEW_SECONDS = 10;

/** A cached token is replaced this long before it expires, so that no request carries a token about to lapse. */
export const TOKEN_RENEW_BEFORE_EXPIRY_MS = 60 * 60 * 1000;

export interface ManagementToken {
  token: string;
  /** Expiry in UTC milliseconds. */
  expiresAtMs: number;
}

/** Signs a management token for `accessKey` with `appSecret`, issued at `nowMs`. */
export async function createManagementToken(accessKey: string, appSecret: string, nowMs: number = Date.now()): Promise<ManagementToken> {
  const issuedAt = Math.floor(nowMs / 1000) - CLOCK_SKEW_SECONDS;
  const expiresAt = issuedAt + TOKEN_LIFETIME_SECONDS;
  const token = await new SignJWT({ access_key: accessKey, type: "management", version: 2 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(appSecret));
  return { token, expiresAtMs: expiresAt * 1000 };
}

/** Hands out a cached management token and signs a new one when it nears expiry or is invalidated. */
export class ManagementTokenSource {
  private current: ManagementToken | undefined;

  constructor(
    private readonly accessKey: string,
    private readonly appSecret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    const nowMs = this.now();
    if (!this.current || this.current.expiresAtMs - TOKEN_RENEW_BEFORE_EXPIRY_MS <= nowMs) {
      this.current = await createManagementToken(this.accessKey, this.appSecret, nowMs);
    }
    return this.current.token;
  }

  /** Drops the cached token, after 100ms rejected it. */
  invalidate(): void {
    this.current = undefined;
  }
}
