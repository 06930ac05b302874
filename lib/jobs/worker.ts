/**
 * Runs durable jobs: claims a due job, runs its kind's handler, and records
 * the result. A failed attempt is retried with exponential backoff until
 * maxAttempts, after which the job is marked failed.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { prisma } from "../db";
import type { Job } from "../generated/prisma/client";
import { logger } from "../logger";
import { claimNextJob } from "./claim";

export interface JobHandler {
  run(payload: unknown, job: Job): Promise<void>;
  /** Called after a failed attempt; `final` is true when no retry follows. */
  onFailure?(payload: unknown, error: unknown, job: Job, final: boolean): Promise<void>;
}

export type JobHandlers = Record<string, JobHandler>;

/** Delay before the retry that follows attempt `attempts`: 5 s, 10 s, 20 s ... up to 30 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/** Runs one claimed job to completion; returns false when no job was due. */
export async function runNextJob(handlers: JobHandlers, workerId: string, nowMs: number = Date.now()): Promise<boolean> {
  const job = await claimNextJob(workerId, nowMs, Object.keys(handlers));
  if (!job) return false;

  const handler = handlers[job.kind];
  let payload: unknown;
  try {
    payload = JSON.parse(job.payload);
    await handler.run(payload, job);
  } catch (error) {
    const final = job.attempts >= job.maxAttempts;
    const message = error instanceof Error ? error.message : String(error);
    const delayMs = retryDelayMs(job.attempts);
    await prisma.job.update({
      where: { id: job.id },
      data: {
        status: final ? "failed" : "pending",
        lastError: message.slice(0, 1_000),
        nextAttemptAt: new Date(Date.now() + (final ? 0 : delayMs)),
        lockedAt: null,
        lockedBy: null,
      },
    });
    logger.warn(
      { event: final ? "job.failed" : "job.retry", jobId: job.id, kind: job.kind, key: job.key, attempt: job.attempts, maxAttempts: job.maxAttempts, retryInMs: final ? undefined : delayMs, err: message },
      final ? "job failed after its last attempt" : "job attempt failed; retrying",
    );
    await handler.onFailure?.(payload, error, job, final).catch((hookError: unknown) => {
      logger.error({ event: "job.failure_hook_failed", jobId: job.id, kind: job.kind, err: hookError }, "job failure handler failed");
    });
    return true;
  }

  await prisma.job.update({ where: { id: job.id }, data: { status: "done", lastError: null, lockedAt: null, lockedBy: null } });
  logger.info({ event: "job.done", jobId: job.id, kind: job.kind, key: job.key, attempt: job.attempts }, "job done");
  return true;
}

/** Runs due jobs until none is left; for tests and one-off commands. Returns how many attempts ran. */
export async function runDueJobs(handlers: JobHandlers, nowMs?: number): Promise<number> {
  const workerId = `once-${randomUUID()}`;
  let ran = 0;
  while (await runNextJob(handlers, workerId, nowMs ?? Date.now())) ran += 1;
  return ran;
}

/** Polls for due jobs in the background until stopped. */
export class JobWorker {
  readonly id = `worker-${randomUUID()}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: AbortController | undefined;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly pollIntervalMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    logger.info({ event: "job_worker.started", workerId: this.id, kinds: Object.keys(this.handlers), pollIntervalMs: this.pollIntervalMs }, "job worker started");
    this.loop = this.run();
  }

  /** Stops polling and waits for the job in progress, if any, to finish. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.abort();
    await this.loop;
    logger.info({ event: "job_worker.stopped", workerId: this.id }, "job worker stopped");
  }

  private async run(): Promise<void> {
    while (this.running) {
      let ranJob = false;
      try {
        ranJob = await runNextJob(this.handlers, this.id);
      } catch (error) {
        logger.error({ event: "job_worker.error", workerId: this.id, err: error }, "job worker could not claim or record a job");
      }
      if (ranJob || !this.running) continue;

      this.wake = new AbortController();
      await sleep(this.pollIntervalMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }
}
