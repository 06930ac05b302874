/**
 * WAL checkpoints of the SQLite database, run in a worker thread.
 *
 * By default SQLite checkpoints inside the commit that pushes the WAL past
 * 1,000 pages. better-sqlite3 runs statements synchronously, so that commit
 * blocked the server's event loop while pages were copied and synced: in the
 * webhook benchmark, 155 commits of one run took over 3 ms, the slowest 44 ms.
 * A worker with a connection of its own runs a PASSIVE checkpoint every
 * CHECKPOINT_INTERVAL_MS instead, which waits for no reader or writer. Under
 * steady writes a PASSIVE checkpoint never catches up with the last frame, so
 * the WAL is never reused and grows. Past RESTART_FRAMES the worker runs a
 * RESTART checkpoint, which holds off new writers until it is done. The
 * webhook's writer then retries without blocking the event loop.
 */
import { Worker } from "node:worker_threads";

import { logger } from "../logger";

/** Time between two checkpoints of the worker. */
export const CHECKPOINT_INTERVAL_MS = 500;

/** WAL frames (pages) past which the worker restarts the WAL: about 4 MB. */
export const RESTART_FRAMES = 1_000;

/** Minimum time between two log lines about failed checkpoints of one file. */
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** Result of PRAGMA wal_checkpoint: frames in the WAL, and how many of them are now in the database file. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Maximum wait of a RESTART checkpoint for the writer and readers to finish. */
const RESTART_LOCK_WAIT_MS = 2_000;

type WorkerMessage = ({ kind: "checkpoint" } & CheckpointResult) | { kind: "error"; message: string; code?: string };

// CommonJS run by the worker. require() resolves from the server's working directory,
// where better-sqlite3 is installed (next.config.mjs keeps it out of the bundle).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { fileMustExist: true, timeout: workerData.lockWaitMs });
setInterval(() => {
  try {
    let [result] = db.pragma("wal_checkpoint(PASSIVE)");
    if (result.log >= workerData.restartFrames) [result] = db.pragma("wal_checkpoint(RESTART)");
    if (result.log > 0 || result.busy) parentPort.postMessage({ kind: "checkpoint", ...result });
  } catch (error) {
    parentPort.postMessage({ kind: "error", message: String(error && error.message), code: error && error.code });
  }
}, workerData.intervalMs);
`;

/** Worker thread that checkpoints one SQLite file's WAL at a fixed interval. */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private waiting: ((result: CheckpointResult) => void)[] = [];
  private lastFailureLogMs = -Infinity;

  constructor(
    private readonly file: string,
    intervalMs: number = CHECKPOINT_INTERVAL_MS,
    restartFrames: number = RESTART_FRAMES,
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, restartFrames, lockWaitMs: RESTART_LOCK_WAIT_MS } });
    this.worker.on("message", (message: WorkerMessage) => this.receive(message));
    this.worker.on("error", (error) => logger.error({ event: "sqlite.checkpointer_failed", file, err: error }, "SQLite checkpoint worker failed. Commits now checkpoint the WAL only past its backstop size"));
    // After the listeners, because adding a message listener refs the worker again: the
    // worker must not keep a process alive that has nothing else to do.
    this.worker.unref();
  }

  /** Returns the result of the next checkpoint that finds frames in the WAL. */
  nextCheckpoint(): Promise<CheckpointResult> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops the worker and closes its connection. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    if (message.kind === "error") {
      const now = Date.now();
      if (now - this.lastFailureLogMs < FAILURE_LOG_INTERVAL_MS) return;
      this.lastFailureLogMs = now;
      logger.warn({ event: "sqlite.checkpoint_failed", file: this.file, code: message.code, error: message.message }, "SQLite WAL checkpoint failed. The worker tries again every interval and logs again after a minute");
      return;
    }
    const { busy, log, checkpointed } = message;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve({ busy, log, checkpointed });
  }
}
