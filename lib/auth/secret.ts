/**
 * The key that signs and encrypts session cookies: NEXTAUTH_SECRET, or in
 * development a random key kept in the file `nextauth-secret` beside the
 * SQLite database, so that sessions survive restarts without any set-up.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { sqliteFileFromUrl } from "../db-url";
import { getEnv, type Env } from "../env";

export const SECRET_FILE_NAME = "nextauth-secret";

let cached: string | undefined;

/** Returns the session key of this process, creating the development key file on first use. */
export function getAuthSecret(env: Env = getEnv()): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.APP_ENV === "production") throw new Error("NEXTAUTH_SECRET is required when APP_ENV is production");
  cached ??= readOrCreateSecretFile(path.join(path.dirname(sqliteFileFromUrl(env.DATABASE_URL)), SECRET_FILE_NAME));
  return cached;
}

/** Reads the key file, or creates it with a new random key; safe when two processes race. */
export function readOrCreateSecretFile(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} contains no valid key; delete it to have a new one created`);
  return secret;
}
