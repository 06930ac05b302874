/**
 * Configuration from environment variables, validated once. `.env.example`
 * lists every variable with its default.
 */
import { z } from "zod";

import { DEFAULT_DATABASE_URL } from "./db-url";

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((value) => value.startsWith("file:"), "must be a file: URL for SQLite, such as file:./data/rollcall.db"),
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
  HMS_ACCESS_KEY: z.string().max(256).optional(),
  HMS_APP_SECRET: z.string().max(1024).optional(),
  HMS_API_BASE: z
    .string()
    .default("https://api.100ms.live/v2")
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL, such as https://api.100ms.live/v2"),
  HMS_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  JOB_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
}).refine((env) => (env.HMS_ACCESS_KEY === undefined) === (env.HMS_APP_SECRET === undefined), {
  message: "set both HMS_ACCESS_KEY and HMS_APP_SECRET, or neither",
  path: ["HMS_ACCESS_KEY"],
});

export type Env = z.infer<typeof envSchema>;

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
  return result.data;
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
