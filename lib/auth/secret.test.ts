import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { EnvError, parseEnv } from "../env";
import { readOrCreateSecretFile } from "./secret";

describe("auth configuration", () => {
  test("production requires both secrets", () => {
    expect(() => parseEnv({ APP_ENV: "production" })).toThrow(EnvError);
    let problems: string[] = [];
    try {
      parseEnv({ NODE_ENV: "production" });
    } catch (error) {
      problems = (error as EnvError).problems;
    }
    expect(problems).toEqual([
      "NEXTAUTH_SECRET: is required when APP_ENV is production",
      "WEBHOOK_SECRET: is required when APP_ENV is production",
    ]);
    const secrets = { NEXTAUTH_SECRET: "x".repeat(32), WEBHOOK_SECRET: "y".repeat(16) };
    expect(parseEnv({ APP_ENV: "production", ...secrets }).APP_ENV).toBe("production");
  });

  test("development and build need no secrets", () => {
    expect(parseEnv({}).APP_ENV).toBe("development");
    expect(parseEnv({ NODE_ENV: "production", APP_ENV: "development" }).APP_ENV).toBe("development");
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).APP_ENV).toBe("production");
  });

  test("ADMIN_EMAIL without ADMIN_PASSWORD is invalid", () => {
    expect(() => parseEnv({ ADMIN_EMAIL: "a@b.test" })).toThrow(/set both/);
  });

  test("WEBHOOK_SECRET_HEADER is lower-cased", () => {
    expect(parseEnv({ WEBHOOK_SECRET_HEADER: "X-Hms-Secret" }).WEBHOOK_SECRET_HEADER).toBe("x-hms-secret");
  });

  test("secret file is created once and reused", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-secret-")), "data", "nextauth-secret");
    const first = readOrCreateSecretFile(file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readOrCreateSecretFile(file)).toBe(first);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
