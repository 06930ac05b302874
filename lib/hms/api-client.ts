/**
 * Client of the 100ms REST API (v2) for the calls that attendance needs:
 * retrieve a session, list sessions page by page, and list an active room's
 * peers. Every request has a timeout. 429 and 5xx responses are retried with
 * exponential backoff, or after the Retry-After delay when 100ms sends one.
 * A 401 or 403 gets one retry with a freshly signed management token.
 *
 * Neither the app secret nor a token is ever put in an error message or log line.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { z } from "zod";

import { ManagementTokenSource } from "./management-token";
import { parseHmsTimestamp } from "./timestamps";

export interface HmsApiClientOptions {
  /** Such as https://api.100ms.live/v2, without a trailing slash. */
  baseUrl: string;
  accessKey: string;
  appSecret: string;
  /** Maximum time for one request, response body included. Default 10000 ms. */
  timeoutMs?: number;
  /** Retries of a request that got 429 or 5xx. Default 4. */
  maxRetries?: number;
  /** Delay before the first retry without Retry-After; it doubles with every retry. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Upper bound of any retry delay, Retry-After included. Default 60000 ms. */
  maxRetryDelayMs?: number;
  /** Receives a line for each retry. */
  onRetry?: (retry: { path: string; status: number; attempt: number; delayMs: number }) => void;
}

export interface HmsApiPeer {
  id: string;
  name: string;
  role: string;
  userId: string;
  /** UTC milliseconds; null when 100ms sent the zero time or nothing. */
  joinedAtMs: number | null;
  /** UTC milliseconds; null while the peer is connected, or when 100ms has no leave time. */
  leftAtMs: number | null;
}

export interface HmsApiSession {
  id: string;
  roomId: string;
  active: boolean;
  peers: HmsApiPeer[];
  createdAtMs: number | null;
  updatedAtMs: number | null;
}

export interface ListSessionsFilter {
  roomId?: string;
  /** Always sent: 100ms's documentation contradicts itself about the default. */
  active: boolean;
  /** Sessions created after this instant (UTC ms). */
  afterMs?: number;
  /** Sessions created before this instant (UTC ms). */
  beforeMs?: number;
  /** Sessions per page, 10 to 100. Default 100. */
  limit?: number;
}

export interface SessionPage {
  sessions: HmsApiSession[];
  /** The `last` id of this page, which the next page starts after. */
  last: string | null;
}

// ---------------------------------------------------------------------------
// Errors

/** A 100ms API request that failed; `status` is null when no response arrived. */
export class HmsApiError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "HmsApiError";
  }
}

/** 100ms rejected the management token (401 or 403) twice, with a new token the second time. */
export class HmsAuthenticationError extends HmsApiError {
  constructor(path: string, status: number) {
    super(
      `100ms API rejected the management token for GET ${path} (HTTP ${status}); check HMS_ACCESS_KEY and HMS_APP_SECRET`,
      path,
      status,
    );
    this.name = "HmsAuthenticationError";
  }
}

/** 100ms returned 404 for a session or room. */
export class HmsNotFoundError extends HmsApiError {
  constructor(
    path: string,
    readonly resource: "session" | "room",
    readonly resourceId: string,
  ) {
    super(`100ms ${resource} ${resourceId} not found (HTTP 404 for GET ${path})`, path, 404);
    this.name = "HmsNotFoundError";
  }
}

export class HmsTimeoutError extends HmsApiError {
  constructor(
    path: string,
    readonly timeoutMs: number,
  ) {
    super(`100ms API request GET ${path} timed out after ${timeoutMs} ms`, path, null);
    this.name = "HmsTimeoutError";
  }
}

// ---------------------------------------------------------------------------
// Response shapes

/** A 100ms time as UTC ms; the zero time, null, an empty string or a missing field become null. */
const apiTime = z
  .string()
  .nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined || value === "") return null;
    const ms = parseHmsTimestamp(value);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `invalid timestamp "${value.slice(0, 40)}"` });
      return z.NEVER;
    }
    return ms;
  });

const apiPeer = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  role: z.string().nullish(),
  user_id: z.string().nullish(),
  joined_at: apiTime,
  left_at: apiTime,
});

const apiSession = z.object({
  id: z.string().min(1),
  room_id: z.string().min(1),
  active: z.boolean(),
  peers: z.record(z.string(), apiPeer).nullish(),
  created_at: apiTime,
  updated_at: apiTime,
});

const sessionList = z.object({
  limit: z.number().optional(),
  data: z.array(apiSession).nullish(),
  last: z.string().nullish(),
});

const activeRoomPeers = z.object({
  peers: z.record(z.string(), apiPeer.omit({ left_at: true })).nullish(),
});

function toSession(raw: z.infer<typeof apiSession>): HmsApiSession {
  return {
    id: raw.id,
    roomId: raw.room_id,
    active: raw.active,
    peers: Object.entries(raw.peers ?? {}).map(([key, peer]) => toPeer(key, peer)),
    createdAtMs: raw.created_at,
    updatedAtMs: raw.updated_at,
  };
}

function toPeer(key: string, peer: Omit<z.infer<typeof apiPeer>, "left_at"> & { left_at?: number | null }): HmsApiPeer {
  return {
    id: peer.id || key,
    name: peer.name ?? "",
    role: peer.role ?? "",
    userId: peer.user_id ?? "",
    joinedAtMs: peer.joined_at,
    leftAtMs: peer.left_at ?? null,
  };
}

// ---------------------------------------------------------------------------
// Client

export const MIN_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 100;

export class HmsApiClient {
  private readonly tokens: ManagementTokenSource;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: HmsApiClientOptions) {
    this.tokens = new ManagementTokenSource(options.accessKey, options.appSecret);
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  }

  /** GET /sessions/{id}. Raises HmsNotFoundError when 100ms does not know the session. */
  async getSession(sessionId: string): Promise<HmsApiSession> {
    const path = `/sessions/${encodeURIComponent(sessionId)}`;
    const body = await this.getJson(path, { resource: "session", id: sessionId });
    return toSession(this.parse(apiSession, body, path));
  }

  /** GET /sessions: one page, starting after the session id `start` when given. */
  async listSessionsPage(filter: ListSessionsFilter, start?: string): Promise<SessionPage & { limit: number }> {
    const limit = Math.min(MAX_PAGE_LIMIT, Math.max(MIN_PAGE_LIMIT, filter.limit ?? MAX_PAGE_LIMIT));
    const query = new URLSearchParams();
    if (filter.roomId) query.set("room_id", filter.roomId);
    query.set("active", String(filter.active));
    if (filter.afterMs !== undefined) query.set("after", new Date(filter.afterMs).toISOString());
    if (filter.beforeMs !== undefined) query.set("before", new Date(filter.beforeMs).toISOString());
    query.set("limit", String(limit));
    if (start) query.set("start", start);

    const path = `/sessions?${query}`;
    const body = this.parse(sessionList, await this.getJson(path, filter.roomId ? { resource: "room", id: filter.roomId } : undefined), path);
    return { sessions: (body.data ?? []).map(toSession), last: body.last || null, limit };
  }

  /**
   * Lists every session that matches, page by page, following `last` until a
   * page has no data or fewer sessions than the limit. `start` resumes after
   * a page that was already read.
   */
  async *listSessions(filter: ListSessionsFilter, start?: string): AsyncGenerator<SessionPage> {
    let cursor = start;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.listSessionsPage(filter, cursor);
      // A page that repeats sessions already read (when `start` is inclusive) yields only the new ones.
      const sessions = page.sessions.filter((session) => !seen.has(session.id));
      for (const session of sessions) seen.add(session.id);
      yield { sessions, last: page.last };

      if (page.sessions.length < page.limit || !page.last || page.last === cursor) return;
      cursor = page.last;
    }
  }

  /** GET /active-rooms/{room_id}/peers: the peers of a room's ongoing session. */
  async listActiveRoomPeers(roomId: string): Promise<HmsApiPeer[]> {
    const path = `/active-rooms/${encodeURIComponent(roomId)}/peers`;
    const body = this.parse(activeRoomPeers, await this.getJson(path, { resource: "room", id: roomId }), path);
    return Object.entries(body.peers ?? {}).map(([key, peer]) => toPeer(key, peer));
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, path: string): z.infer<T> {
    const result = schema.safeParse(body);
    if (!result.success) {
      const problem = result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
        .join("; ");
      throw new HmsApiError(`100ms API returned an unexpected body for GET ${path}: ${problem}`, path, 200);
    }
    return result.data;
  }

  private async getJson(path: string, subject?: { resource: "session" | "room"; id: string }): Promise<unknown> {
    let renewedToken = false;
    let retries = 0;
    for (;;) {
      const response = await this.send(path, await this.tokens.get());

      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        if (renewedToken) throw new HmsAuthenticationError(path, response.status);
        this.tokens.invalidate();
        renewedToken = true;
        continue;
      }

      if (response.status === 429 || response.status >= 500) {
        const text = await this.readText(response, path);
        if (retries >= this.maxRetries) {
          throw new HmsApiError(
            `100ms API returned HTTP ${response.status} for GET ${path} after ${retries + 1} attempts: ${summarise(text)}`,
            path,
            response.status,
          );
        }
        const delayMs = this.retryDelayMs(response, retries);
        retries += 1;
        this.options.onRetry?.({ path, status: response.status, attempt: retries, delayMs });
        await sleep(delayMs);
        continue;
      }

      const text = await this.readText(response, path);
      if (response.status === 404 && subject) throw new HmsNotFoundError(path, subject.resource, subject.id);
      if (!response.ok) {
        throw new HmsApiError(`100ms API returned HTTP ${response.status} for GET ${path}: ${summarise(text)}`, path, response.status);
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new HmsApiError(`100ms API returned invalid JSON for GET ${path}: ${summarise(text)}`, path, response.status);
      }
    }
  }

  private async send(path: string, token: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.describeFetchError(error, path);
    }
  }

  private async readText(response: Response, path: string): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.describeFetchError(error, path);
    }
  }

  private describeFetchError(error: unknown, path: string): HmsApiError {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      return new HmsTimeoutError(path, this.timeoutMs);
    }
    const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
    const detail = typeof cause?.code === "string" ? cause.code : error instanceof Error ? error.message : String(error);
    return new HmsApiError(`100ms API request GET ${path} failed: ${detail}`, path, null);
  }

  /** Retry-After in seconds or as an HTTP date, else exponential backoff with jitter; capped at maxRetryDelayMs. */
  private retryDelayMs(response: Response, retriesSoFar: number): number {
    const header = response.headers.get("retry-after");
    if (header !== null && header.trim() !== "") {
      const seconds = Number(header);
      const fromHeader = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
      if (Number.isFinite(fromHeader)) return Math.min(this.maxRetryDelayMs, Math.max(0, fromHeader));
    }
    const backoff = this.retryBaseDelayMs * 2 ** retriesSoFar;
    return Math.min(this.maxRetryDelayMs, backoff / 2 + Math.random() * (backoff / 2));
  }
}

function summarise(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
}
