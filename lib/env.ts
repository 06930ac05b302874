/**
 * Configuration from environment variables, validated once. `.env.example`
 * lists every variable with its default.
 */
import { z } from "zod";

import { DEFAULT_DATABASE_URL, engineOfUrl } from "./db-url";

function isDatabaseUrl(value: string): boolean {
  try {
    engineOfUrl(value);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sign-in and webhook settings. APP_ENV=production requires NEXTAUTH_SECRET
 * and WEBHOOK_SECRET; its default follows NODE_ENV, and the start command
 * passes it to the server because `next start` always sets NODE_ENV=production.
 */
const authEnvShape = {
  APP_ENV: z.enum(["development", "production"]).optional(),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters, for example from `openssl rand -base64 32`").optional(),
  NEXTAUTH_URL: z.url({ protocol: /^https?$/, error: "must be the http:// or https:// address of the dashboard" }).optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  WEBHOOK_SECRET_HEADER: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name, such as x-webhook-secret")
    .default("x-webhook-secret")
    .transform((name) => name.toLowerCase()),
  ADMIN_EMAIL: z.email("must be an email address").optional(),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(256).optional(),
};

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine(isDatabaseUrl, "must be a file: URL for SQLite (file:./data/rollcall.db) or a postgresql:// URL"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DISPLAY_TIME_ZONE: z
    .string()
    .default("UTC")
    .refine(isTimeZone, "must be an IANA time zone name, such as UTC or Europe/Berlin"),
  EXCLUDED_ROLES: z
    .string()
    .default("__internal_recorder")
    .transform((value) => value.split(",").map((role) => role.trim()).filter((role) => role !== "")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSIONS_PAGE_SIZE: z.coerce.number().int().min(1).max(500).default(25),
  ...authEnvShape,
  HMS_ACCESS_KEY: z.string().max(256).optional(),
  HMS_APP_SECRET: z.string().max(1024).optional(),
  HMS_API_BASE: z
    .string()
    .default("https://api.100ms.live/v2")
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL, such as https://api.100ms.live/v2"),
  HMS_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  JOB_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  /** "1" serves the benchmark baseline route /api/bench/noop; anything else makes it return 404. */
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
});

export type Env = Omit<z.infer<typeof envSchema>, "APP_ENV"> & { APP_ENV: "development" | "production" };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates the given variables; throws EnvError naming every invalid variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "use the default", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }

  const env: Env = { ...result.data, APP_ENV: result.data.APP_ENV ?? (source.NODE_ENV === "production" ? "production" : "development") };
  const problems: string[] = [];
  // `next build` also loads the configuration, but secrets are needed only to serve.
  if (env.APP_ENV === "production" && source.NEXT_PHASE !== "phase-production-build") {
    if (!env.NEXTAUTH_SECRET) problems.push("NEXTAUTH_SECRET: is required when APP_ENV is production");
    if (!env.WEBHOOK_SECRET) problems.push("WEBHOOK_SECRET: is required when APP_ENV is production");
  }
  if ((env.HMS_ACCESS_KEY === undefined) !== (env.HMS_APP_SECRET === undefined)) {
    problems.push("HMS_ACCESS_KEY, HMS_APP_SECRET: set both to reconcile sessions with the 100ms API, or neither");
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    problems.push("ADMIN_EMAIL, ADMIN_PASSWORD: set both to create the first admin, or neither to get a setup link");
  }
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}

export interface HmsCredentials {
  accessKey: string;
  appSecret: string;
  apiBase: string;
  timeoutMs: number;
}

/** Returns the 100ms API settings, or null when the access key and secret are not configured. */
export function hmsCredentials(env: Env): HmsCredentials | null {
  if (!env.HMS_ACCESS_KEY || !env.HMS_APP_SECRET) return null;
  return { accessKey: env.HMS_ACCESS_KEY, appSecret: env.HMS_APP_SECRET, apiBase: env.HMS_API_BASE, timeoutMs: env.HMS_API_TIMEOUT_MS };
}

let cached: Env | undefined;

/** Returns the validated configuration of this process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
