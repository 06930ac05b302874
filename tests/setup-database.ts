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
