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

let cached: Env | undefined;

/** Returns the validated configuration of this process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
