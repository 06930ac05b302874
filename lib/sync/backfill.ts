/**
 * Imports past sessions from the 100ms list endpoint and reconciles each one.
 * Progress is saved in SyncRun after every page, so a run that stops part
 * way resumes after the last page it finished. Sessions are reconciled
 * idempotently, so running a finished range again adds nothing.
 */
import { prisma } from "../db";
import type { HmsApiClient } from "../hms/api-client";
import { reconcileSession } from "../reconcile/reconcile-session";

export interface BackfillOptions {
  client: HmsApiClient;
  sinceMs: number;
  /** Exclusive end; also part of the run's identity, so a resumed run needs the same value. */
  untilMs: number;
  roomId?: string;
  /** Sessions per page, 10 to 100. */
  pageSize?: number;
  /** Called after each session with the running counts. */
  onProgress?: (progress: BackfillSummary & { lastSessionId: string }) => void;
  /** Called for each session that could not be imported. */
  onError?: (sessionId: string, error: unknown) => void;
  /** Called once when an unfinished run is resumed. */
  onResume?: (summary: BackfillSummary) => void;
}

export interface BackfillSummary {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** True when an unfinished run of the same range was continued. */
  resumed: boolean;
}

/** Identifies a run by its range and room, so that the same command finds its unfinished run. */
export function syncRunId(sinceMs: number, untilMs: number, roomId: string | undefined): string {
  return `since=${new Date(sinceMs).toISOString()};until=${new Date(untilMs).toISOString()};room=${roomId ?? "*"}`;
}

export async function runBackfill(options: BackfillOptions): Promise<BackfillSummary> {
  const id = syncRunId(options.sinceMs, options.untilMs, options.roomId);
  const previous = await prisma.syncRun.findUnique({ where: { id } });
  const resumed = previous?.status === "running";
  const counts = resumed
    ? { created: previous.created, updated: previous.updated, unchanged: previous.unchanged, failed: previous.failed }
    : { created: 0, updated: 0, unchanged: 0, failed: 0 };
  let cursor = resumed ? previous.cursor : null;

  const fresh = { cursor: null, status: "running", created: 0, updated: 0, unchanged: 0, failed: 0, startedAt: new Date(), finishedAt: null };
  if (!resumed) {
    await prisma.syncRun.upsert({
      where: { id },
      create: { id, since: new Date(options.sinceMs), until: new Date(options.untilMs), roomId: options.roomId ?? null, ...fresh },
      update: fresh,
    });
  } else {
    options.onResume?.({ ...counts, resumed });
  }

  const pages = options.client.listSessions(
    { roomId: options.roomId, active: false, afterMs: options.sinceMs, beforeMs: options.untilMs, limit: options.pageSize ?? 100 },
    cursor ?? undefined,
  );
  for await (const page of pages) {
    for (const session of page.sessions) {
      try {
        const result = await reconcileSession(session);
        counts[result.outcome === "created" ? "created" : result.outcome] += 1;
      } catch (error) {
        counts.failed += 1;
        options.onError?.(session.id, error);
      }
      options.onProgress?.({ ...counts, resumed, lastSessionId: session.id });
    }
    cursor = page.last ?? cursor;
    await prisma.syncRun.update({ where: { id }, data: { cursor, ...counts } });
  }

  await prisma.syncRun.update({ where: { id }, data: { status: "done", finishedAt: new Date(), ...counts } });
  return { ...counts, resumed };
}
