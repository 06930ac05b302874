/**
 * The ingest store's batches on the engine the suite runs on: outcomes in
 * order, redeliveries inside one batch, and a batch with a failing
 * statement, which must write nothing and report the statement's own error.
 */
import { afterAll, describe, expect, test } from "vitest";

import { prisma } from "@/lib/db";
import { engineOfUrl } from "@/lib/db-url";
import { parseWebhookEvent } from "@/lib/hms/webhook";
import { PostgresIngestStore } from "@/lib/ingest/sql-postgres";
import { SqliteIngestStore } from "@/lib/ingest/sql-sqlite";
import type { IngestItem } from "@/lib/ingest/sql-store";

import { peerJoin, peerLeave, sessionOpen, type WebhookBody } from "./hms-events";

const databaseUrl = process.env.DATABASE_URL as string;
const engine = engineOfUrl(databaseUrl);
const store = engine === "postgresql" ? new PostgresIngestStore(databaseUrl) : new SqliteIngestStore(databaseUrl);
const options = { queueReconciliation: false };

afterAll(() => store.close());

function item(body: WebhookBody): IngestItem {
  const parsed = parseWebhookEvent(body);
  if (!parsed.ok) throw new Error(`invalid test event: ${parsed.message}`);
  return { event: parsed.event, rawBody: JSON.stringify(body), receivedAtMs: Date.parse("2026-03-03T12:00:00Z") };
}

function person(sessionId: string, index: number) {
  return { sessionId, peerId: `${sessionId}-p${index}`, userId: `user-${index}`, name: `Person ${index}`, joinedAt: `2026-03-03T10:0${index}:00Z` };
}

describe("ingest store batches", () => {
  test("outcomes follow the batch order", async () => {
    const sessionId = "store-order";
    const open = sessionOpen(sessionId, "2026-03-03T10:00:00Z");
    const join = peerJoin(person(sessionId, 1));
    const leave = peerLeave(person(sessionId, 1), "2026-03-03T10:30:00Z");
    const other = { ...open, id: `${open.id}-other`, type: "recording.success" };

    const outcomes = await store.writeBatch([item(open), item(join), item(join), item(other), item(leave), item(open)], options);

    expect(outcomes).toEqual(["applied", "applied", "duplicate", "stored", "applied", "duplicate"]);
    expect(await prisma.webhookEvent.count({ where: { sessionId } })).toBe(4);
    const peer = await prisma.peer.findUniqueOrThrow({ where: { id: `${sessionId}-p1` } });
    expect(peer.leftAt).toEqual(new Date("2026-03-03T10:30:00Z"));
  });

  test("failing statement writes nothing", async () => {
    const sessionId = "store-failure";
    const good = peerJoin(person(sessionId, 1));
    // The payload column is NOT NULL, so storing this event fails in the middle of the batch.
    const bad = { ...item(peerJoin(person(sessionId, 2))), rawBody: null as unknown as string };
    const later = peerJoin(person(sessionId, 3));

    const failure = store.writeBatch([item(good), bad, item(later)], options);

    // The statement's own error, not the "transaction is aborted" of the statements after it.
    await expect(failure).rejects.toMatchObject({ code: engine === "postgresql" ? "23502" : "SQLITE_CONSTRAINT_NOTNULL" });
    expect(await prisma.webhookEvent.count({ where: { sessionId } })).toBe(0);
    expect(await prisma.session.count({ where: { id: sessionId } })).toBe(0);

    // The connection is usable again, and the events of the failed batch can be stored.
    expect(await store.writeBatch([item(good), item(later)], options)).toEqual(["applied", "applied"]);
    expect(await prisma.peer.count({ where: { sessionId } })).toBe(2);
  });
});
