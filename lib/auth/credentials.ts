/**
 * Email and password check behind the sign-in form, with failed attempts
 * counted per account and per client address and logged.
 */
import { prisma } from "../db";
import { logger } from "../logger";
import { verifyPassword } from "./password";
import { FailureCounter } from "./rate-limit";

/** Failures of one account within 15 minutes before its sign-in is blocked. */
export const ACCOUNT_LIMIT = { maxFailures: 5, windowMs: 15 * 60_000 };
/** Failures from one client address within 15 minutes before its sign-in is blocked. */
export const ADDRESS_LIMIT = { maxFailures: 20, windowMs: 15 * 60_000 };

const accountFailures = new FailureCounter(ACCOUNT_LIMIT);
const addressFailures = new FailureCounter(ADDRESS_LIMIT);

/** next-auth error code for a blocked attempt; the sign-in page turns it into a message. */
export const RATE_LIMITED = "RateLimited";

export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(RATE_LIMITED);
    this.name = "RateLimitedError";
  }
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Returns the user when the email and password match an active account, and
 * null otherwise, without saying which part was wrong. Throws
 * RateLimitedError, without checking the password, while the account or the
 * address is blocked.
 */
export async function authorizeCredentials(
  input: { email?: unknown; password?: unknown },
  clientAddress: string,
  nowMs: number = Date.now(),
): Promise<SignedInUser | null> {
  const email = typeof input.email === "string" ? normalizeEmail(input.email).slice(0, 320) : "";
  const password = typeof input.password === "string" ? input.password.slice(0, 1024) : "";
  const accountKey = `account:${email}`;
  const addressKey = `address:${clientAddress}`;

  const retryAfterMs = Math.max(accountFailures.retryAfterMs(accountKey, nowMs), addressFailures.retryAfterMs(addressKey, nowMs));
  if (retryAfterMs > 0) {
    logger.warn({ event: "auth.sign_in_blocked", email, clientAddress, retryAfterMs }, "sign-in blocked after repeated failures");
    throw new RateLimitedError(retryAfterMs);
  }

  const user = email === "" ? null : await prisma.user.findUnique({ where: { email } });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);
  if (user && user.active && passwordMatches) {
    accountFailures.reset(accountKey);
    logger.info({ event: "auth.signed_in", userId: user.id }, "user signed in");
    return { id: user.id, email: user.email, name: user.name };
  }

  const accountCount = accountFailures.recordFailure(accountKey, nowMs);
  const addressCount = addressFailures.recordFailure(addressKey, nowMs);
  const reason = !user ? "unknown email" : !user.active ? "deactivated user" : "wrong password";
  logger.warn(
    { event: "auth.sign_in_failed", email, clientAddress, reason, accountFailures: accountCount, addressFailures: addressCount },
    "sign-in failed",
  );
  return null;
}

/**
 * Returns the client address of a request: the last X-Forwarded-For entry,
 * which a reverse proxy appends (nginx's $proxy_add_x_forwarded_for) and
 * which `next start` sets from the socket when the header is absent.
 * NOTE: a client that reaches `next start` directly can send its own
 * X-Forwarded-For, so only the per-account limit is then reliable.
 */
export function clientAddressOf(headers: Record<string, unknown> | Headers | undefined): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : "";
  const entries = value.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
  return entries.at(-1) ?? "unknown";
}
