import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, expect, test } from "vitest";

import { SqliteCheckpointer } from "@/lib/ingest/sqlite-checkpointer";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-checkpoint-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

test("worker checkpoints every frame of the WAL", async () => {
  const file = path.join(directory, "checkpoint.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // Commits on this connection never checkpoint, so only the worker can.
  db.pragma("wal_autocheckpoint = 0");
  db.exec("CREATE TABLE item (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO item (text) VALUES (?)");
  for (let index = 0; index < 2_000; index++) insert.run(`item ${index}`.padEnd(200, "."));

  const checkpointer = new SqliteCheckpointer(file, 20);
  try {
    const result = await checkpointer.nextCheckpoint();
    expect(result.busy).toBe(0);
    expect(result.log).toBeGreaterThan(100);
    expect(result.checkpointed).toBe(result.log);
  } finally {
    await checkpointer.stop();
  }

  expect((db.prepare("SELECT count(*) AS count FROM item").get() as { count: number }).count).toBe(2_000);
  db.close();
});

test("worker lets the process exit", () => {
  const file = path.join(directory, "exit.db");
  new Database(file).close();
  const script = path.join(directory, "exit.mts");
  const module = path.resolve("lib/ingest/sqlite-checkpointer.ts");
  fs.writeFileSync(script, `import { SqliteCheckpointer } from ${JSON.stringify(module)};\nnew SqliteCheckpointer(${JSON.stringify(file)});\n`);
  const result = spawnSync(path.resolve("node_modules/.bin/tsx"), [script], { encoding: "utf8", timeout: 20_000 });
  expect(result.error).toBeUndefined();
  expect(result.status).toBe(0);
});
