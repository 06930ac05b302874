/**
 * Keeps the SQLite and PostgreSQL schemas and migrations in step.
 *
 * `prisma/schema.prisma` (SQLite) is the one data model. The PostgreSQL
 * schema is generated from it, and every migration exists for both engines
 * under the same folder name. `prisma/schema-history/NAME.prisma` keeps the
 * data model as of migration NAME, so each migration's SQL can be generated
 * and checked without a database.
 *
 *   npm run db:migration -- add_reconcile_jobs   # new migration for both engines
 *   npm run db:check                             # fails when anything drifted
 *   tsx scripts/db-migrations.ts adopt           # PostgreSQL twin of a SQLite migration written by hand
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { PRISMA_PATHS } from "../lib/db-url";

const HISTORY_DIR = "prisma/schema-history";

/** Returns the PostgreSQL schema generated from the SQLite one. */
export function toPostgresSchema(sqliteSchema: string): string {
  const swapped = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=\s*"\.\.\/lib\/generated\/prisma"/, 'output$1= "../../lib/generated/postgresql"');
  if (swapped === sqliteSchema || !swapped.includes('"postgresql"') || !swapped.includes("generated/postgresql")) {
    throw new Error(`${PRISMA_PATHS.sqlite.schema}: expected provider = "sqlite" and output = "../lib/generated/prisma"`);
  }
  return `// Generated from prisma/schema.prisma by scripts/db-migrations.ts; do not edit.\n${swapped}`;
}

function migrationNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Writes the SQL that takes one data model to another, for the given engine. */
function diffSql(engine: "sqlite" | "postgresql", fromSchema: string | null, toSchema: string): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-diff-"));
  try {
    const toFile = path.join(work, "to.prisma");
    fs.writeFileSync(toFile, engine === "postgresql" ? toPostgresSchema(toSchema) : toSchema);
    const from = ["--from-empty"];
    if (fromSchema !== null) {
      const fromFile = path.join(work, "from.prisma");
      fs.writeFileSync(fromFile, engine === "postgresql" ? toPostgresSchema(fromSchema) : fromSchema);
      from.splice(0, 1, "--from-schema-datamodel", fromFile);
    }
    return execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", toFile, "--script"], {
      encoding: "utf8",
      // Diffs between two schema files need no database, but the Prisma CLI opens its adapter
      // anyway, so it gets a scratch SQLite file, which works for either engine's files.
      env: { ...process.env, DATABASE_URL: `file:${path.join(work, "scratch.db")}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readHistory(name: string): string {
  return fs.readFileSync(path.join(HISTORY_DIR, `${name}.prisma`), "utf8");
}

function writePostgresSchema(): void {
  const schema = toPostgresSchema(fs.readFileSync(PRISMA_PATHS.sqlite.schema, "utf8"));
  fs.writeFileSync(PRISMA_PATHS.postgresql.schema, schema);
}

function createMigration(label: string): void {
  if (!/^[a-z0-9_]+$/.test(label)) throw new Error(`migration name "${label}" must use a-z, 0-9 and _`);
  const current = fs.readFileSync(PRISMA_PATHS.sqlite.schema, "utf8");
  const names = migrationNames(PRISMA_PATHS.sqlite.migrations);
  const previous = names.length > 0 ? readHistory(names[names.length - 1]) : null;
  if (previous === current) throw new Error("prisma/schema.prisma has not changed since the last migration");

  // Prisma applies migrations in name order, so a new stamp must sort after the newest one
  // even when this machine's clock is behind the machine that wrote it.
  const clockStamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const newestStamp = names.length > 0 ? names[names.length - 1].slice(0, 14) : "";
  const stamp = clockStamp > newestStamp ? clockStamp : String(BigInt(newestStamp) + 1n);
  const name = `${stamp}_${label}`;
  for (const engine of ["sqlite", "postgresql"] as const) {
    const dir = path.join(PRISMA_PATHS[engine].migrations, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), diffSql(engine, previous, current));
  }
  fs.mkdirSync(HISTORY_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORY_DIR, `${name}.prisma`), current);
  writePostgresSchema();
  console.log(`created ${name} for SQLite and PostgreSQL; review both migration.sql files`);
}

/**
 * Gives the newest SQLite migration, written by hand or by `prisma migrate
 * diff`, its schema snapshot (the current data model) and its PostgreSQL twin.
 */
function adoptMigration(): void {
  const names = migrationNames(PRISMA_PATHS.sqlite.migrations);
  const name = names[names.length - 1];
  if (!name || fs.existsSync(path.join(HISTORY_DIR, `${name}.prisma`))) {
    throw new Error("the newest SQLite migration already has a schema snapshot; nothing to adopt");
  }
  const previous = names.length > 1 ? readHistory(names[names.length - 2]) : null;
  const current = fs.readFileSync(PRISMA_PATHS.sqlite.schema, "utf8");

  fs.writeFileSync(path.join(HISTORY_DIR, `${name}.prisma`), current);
  const dir = path.join(PRISMA_PATHS.postgresql.migrations, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), diffSql("postgresql", previous, current));
  writePostgresSchema();
  console.log(`adopted ${name}: wrote its schema snapshot and PostgreSQL migration`);
}

/** Returns every way in which the schemas and migrations disagree. */
function findDrift(): string[] {
  const problems: string[] = [];
  const current = fs.readFileSync(PRISMA_PATHS.sqlite.schema, "utf8");

  const committedPostgres = fs.readFileSync(PRISMA_PATHS.postgresql.schema, "utf8");
  if (committedPostgres !== toPostgresSchema(current)) {
    problems.push(`${PRISMA_PATHS.postgresql.schema} is out of date: run npm run db:migration -- NAME, or scripts/db-migrations.ts schema`);
  }

  const sqliteNames = migrationNames(PRISMA_PATHS.sqlite.migrations);
  const postgresNames = migrationNames(PRISMA_PATHS.postgresql.migrations);
  if (sqliteNames.join() !== postgresNames.join()) {
    problems.push(`migration folders differ: SQLite has [${sqliteNames.join(", ")}], PostgreSQL has [${postgresNames.join(", ")}]`);
    return problems;
  }

  let previous: string | null = null;
  for (const name of sqliteNames) {
    const historyFile = path.join(HISTORY_DIR, `${name}.prisma`);
    if (!fs.existsSync(historyFile)) {
      problems.push(`${historyFile} is missing`);
      return problems;
    }
    const snapshot = readHistory(name);
    for (const engine of ["sqlite", "postgresql"] as const) {
      const file = path.join(PRISMA_PATHS[engine].migrations, name, "migration.sql");
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (committed.trim() !== diffSql(engine, previous, snapshot).trim()) {
        problems.push(`${file} does not match the change from the previous data model to ${historyFile}`);
      }
    }
    previous = snapshot;
  }

  if (previous !== current) {
    problems.push("prisma/schema.prisma changed since the last migration: run npm run db:migration -- NAME");
  }
  return problems;
}

function main(): void {
  const [command, argument] = process.argv.slice(2);
  if (command === "new" && argument) {
    createMigration(argument);
  } else if (command === "adopt") {
    adoptMigration();
  } else if (command === "schema") {
    writePostgresSchema();
  } else if (command === "check") {
    const problems = findDrift();
    if (problems.length > 0) {
      console.error(`Schema drift:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
      process.exit(1);
    }
    console.log("SQLite and PostgreSQL schemas and migrations are in step");
  } else {
    console.error("usage: tsx scripts/db-migrations.ts new NAME | adopt | schema | check");
    process.exit(2);
  }
}

main();
