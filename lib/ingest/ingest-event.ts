/**
 * Stores a validated 100ms webhook event once, keyed by its id, and applies
 * it to rooms, sessions and peers in the same transaction.
 *
 * 100ms delivers at least once and in any order, so each update is a merge
 * whose result does not depend on arrival order. The earliest start and the
 * latest end win, and a leave's name and role win over its join's. A join
 * never clears a leave time. The writes are prepared SQL statements on the
 * database driver, one module per engine (sql-sqlite.ts, sql-postgres.ts);
 * each merge is a single INSERT ... ON CONFLICT DO UPDATE or conditional
 * UPDATE, so the merges stay exact at READ COMMITTED and across instances.
 */
import { getEnv, hmsCredentials } from "../env";
import { engineOfUrl } from "../db-url";
import { logger } from "../logger";
import type { HmsWebhookEvent } from "../hms/webhook";
import type { IngestItem, IngestOutcome, IngestStore } from "./sql-store";
import { PostgresIngestStore } from "./sql-postgres";
import { SqliteIngestStore } from "./sql-sqlite";

export type { IngestOutcome };

/**
 * Stores and applies one event. Returns "duplicate" when an event with the
 * same id was stored before, "applied" when it changed attendance data, and
 * "stored" for types that are only kept. The promise settles after the
 * event's transaction has committed.
 *
 * Events that arrive while a transaction is running wait and are then
 * written together in one transaction (group commit), so that one commit
 * and one lock acquisition serve up to MAX_BATCH_EVENTS deliveries. When a
 * batch fails, each of its events runs again in a transaction of its own,
 * so an event that fails does not take the rest of its batch with it.
 */
export function ingestEvent(event: HmsWebhookEvent, rawBody: string, receivedAtMs: number): Promise<IngestOutcome> {
  return new Promise((resolve, reject) => {
    pending.push({ event, rawBody, receivedAtMs, resolve, reject });
    if (!flushing) void flushPending();
  });
}

/** Largest number of events written in one transaction. */
const MAX_BATCH_EVENTS = 100;

interface PendingEvent extends IngestItem {
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

const pending: PendingEvent[] = [];
let flushing = false;

const globalForIngest = globalThis as unknown as { rollcallIngestStore?: { url: string; store: IngestStore } };

/** Returns the store of this process, opened on first use and kept on globalThis so that hot reloads reuse it. */
function ingestStore(): IngestStore {
  const url = getEnv().DATABASE_URL;
  const current = globalForIngest.rollcallIngestStore;
  if (current && current.url === url) return current.store;
  const store = engineOfUrl(url) === "postgresql" ? new PostgresIngestStore(url) : new SqliteIngestStore(url);
  globalForIngest.rollcallIngestStore = { url, store };
  return store;
}

/** Closes the ingest store's connections; the next event opens them again. */
export async function closeIngestStore(): Promise<void> {
  const current = globalForIngest.rollcallIngestStore;
  globalForIngest.rollcallIngestStore = undefined;
  await current?.store.close();
}

function ingestOptions() {
  return { queueReconciliation: hmsCredentials(getEnv()) !== null };
}

async function flushPending(): Promise<void> {
  flushing = true;
  try {
    while (pending.length > 0) {
      await writeBatch(pending.splice(0, MAX_BATCH_EVENTS));
    }
  } finally {
    flushing = false;
  }
}

async function writeBatch(batch: PendingEvent[]): Promise<void> {
  if (batch.length > 1) {
    try {
      const outcomes = await ingestStore().writeBatch(batch, ingestOptions());
      batch.forEach((item, index) => item.resolve(outcomes[index]));
      return;
    } catch (error) {
      logger.warn(
        { event: "webhook.batch_failed", events: batch.length, code: (error as { code?: string }).code, err: error },
        "group commit failed; writing its events one by one",
      );
    }
  }
  for (const item of batch) {
    try {
      item.resolve(await ingestOne(item));
    } catch (error) {
      item.reject(error);
    }
  }
}

/** Stores and applies one event in a transaction of its own, retrying write conflicts. */
async function ingestOne(item: IngestItem): Promise<IngestOutcome> {
  for (let attempt = 1; ; attempt++) {
    const store = ingestStore();
    try {
      const [outcome] = await store.writeBatch([item], ingestOptions());
      return outcome;
    } catch (error) {
      // Another delivery or process held the lock or touched the same rows at the same
      // moment (SQLite's lock held past the wait, or a unique key race, serialization
      // failure or deadlock on PostgreSQL). The transaction runs again on top of the
      // other one's result, so a duplicate event is then found by id, and a new event
      // merges into the stored rows.
      if (!store.isRetryableConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      logger.warn({ event: "webhook.retry", eventId: item.event.id, attempt, code: (error as { code?: string }).code }, "retrying event after a write conflict");
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

const MAX_ATTEMPTS = 8;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
