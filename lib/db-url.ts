import path from "node:path";

/** The SQLite file used when DATABASE_URL is unset, relative to the working directory. */
export const DEFAULT_DATABASE_URL = "file:./data/rollcall.db";

/**
 * Returns the file path of a `file:` SQLite URL, resolved against the working
 * directory. Throws for any other scheme.
 */
export function sqliteFileFromUrl(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a file: URL for SQLite, got scheme "${url.split(":")[0]}"`);
  }
  const file = url.slice("file:".length).replace(/\?.*$/, "");
  if (file === "" ) {
    throw new Error("DATABASE_URL names no file after file:");
  }
  return file === ":memory:" ? file : path.resolve(file);
}
