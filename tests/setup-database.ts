/**
 * Gives each test file its own SQLite file, copied from the migrated
 * template, before any module reads DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const template = path.resolve(".tmp/test/template.db");
const file = path.resolve(`.tmp/test/${randomUUID()}.db`);
fs.copyFileSync(template, file);

process.env.DATABASE_URL = `file:${file}`;
process.env.LOG_LEVEL ??= "silent";

// Route tests send this secret; tests of a missing or wrong secret override the header.
process.env.WEBHOOK_SECRET ??= "test-webhook-secret-0123456789";
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-0123456789abcdef";
