/**
 * A local stand-in for the 100ms REST API (v2): GET /v2/sessions/{id},
 * GET /v2/sessions with paging, and GET /v2/active-rooms/{room_id}/peers.
 * Every request must carry a management token that verifies with the app
 * secret and has every claim of a 100ms management token; anything else gets
 * 401. Tests can queue faults (error statuses, delays) for the next requests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { jwtVerify } from "jose";

import { SimulatedHms } from "./store";

export const API_PREFIX = "/v2";

/** Maximum token life that the simulator accepts, with a minute of slack for clock skew. */
const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60 + 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SimulatorOptions {
  accessKey: string;
  appSecret: string;
  /** Loopback by default. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  store?: SimulatedHms;
  /** Receives one line per request. */
  log?: (line: string) => void;
}

/** A change to one response; "none" leaves a response unchanged, so that a later fault hits a later request. */
export type Fault =
  | { kind: "none" }
  | { kind: "status"; status: number; retryAfterSeconds?: number; body?: unknown }
  | { kind: "delay"; delayMs: number };

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

export interface RunningSimulator {
  /** Base URL of the API, such as http://127.0.0.1:4010/v2; use it as HMS_API_BASE. */
  apiBase: string;
  port: number;
  store: SimulatedHms;
  /** Every request served, oldest first. */
  requests: RequestRecord[];
  /** Queues faults, each applied to one later request in order. */
  injectFaults(...faults: Fault[]): void;
  close(): Promise<void>;
}

/** Starts the simulator's HTTP server and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const store = options.store ?? new SimulatedHms();
  const secret = new TextEncoder().encode(options.appSecret);
  const faults: Fault[] = [];
  const requests: RequestRecord[] = [];

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://simulator");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: request.method ?? "", path: `${url.pathname}${url.search}`, status });
      options.log?.(`${request.method} ${url.pathname}${url.search} -> ${status}`);
      if (response.destroyed) return;
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };

    handle(request, url, store, secret, options.accessKey, faults).then(
      ({ status, body, headers, delayMs }) => {
        if (delayMs) setTimeout(() => send(status, body, headers), delayMs).unref();
        else send(status, body, headers);
      },
      (error: unknown) => send(500, { code: 500, message: error instanceof Error ? error.message : String(error) }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    apiBase: `http://${host}:${port}${API_PREFIX}`,
    port,
    store,
    requests,
    injectFaults: (...added) => faults.push(...added),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

function error(status: number, message: string): Reply {
  return { status, body: { code: status, message, details: [] } };
}

async function handle(
  request: http.IncomingMessage,
  url: URL,
  store: SimulatedHms,
  secret: Uint8Array,
  accessKey: string,
  faults: Fault[],
): Promise<Reply> {
  const fault = faults.shift();
  const reply = await route(request, url, store, secret, accessKey);
  if (fault?.kind === "status") {
    const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
    return { status: fault.status, body: fault.body ?? { code: fault.status, message: `simulated HTTP ${fault.status}` }, headers };
  }
  if (fault?.kind === "delay") return { ...reply, delayMs: fault.delayMs };
  return reply;
}

async function route(request: http.IncomingMessage, url: URL, store: SimulatedHms, secret: Uint8Array, accessKey: string): Promise<Reply> {
  if (request.method !== "GET") return error(405, `method ${request.method} not allowed`);
  if (!url.pathname.startsWith(`${API_PREFIX}/`)) return error(404, `no route ${url.pathname}`);

  const authProblem = await checkManagementToken(request.headers.authorization, secret, accessKey);
  if (authProblem) return error(401, authProblem);

  const path = url.pathname.slice(API_PREFIX.length);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);

  if (parts.length === 1 && parts[0] === "sessions") return listSessions(url.searchParams, store);
  if (parts.length === 2 && parts[0] === "sessions") {
    const session = store.getSession(parts[1]);
    return session ? { status: 200, body: session } : error(404, `session not found: ${parts[1]}`);
  }
  if (parts.length === 3 && parts[0] === "active-rooms" && parts[2] === "peers") {
    const session = store.activeSessionOf(parts[1]);
    if (!session) return error(404, `room is not active: ${parts[1]}`);
    const peers = Object.fromEntries(
      Object.values(session.peers)
        .filter((peer) => peer.left_at === undefined)
        .map((peer) => [peer.id, { id: peer.id, name: peer.name, user_id: peer.user_id, metadata: "", role: peer.role, joined_at: peer.joined_at }]),
    );
    return { status: 200, body: { peers } };
  }
  return error(404, `no route ${url.pathname}`);
}

function listSessions(params: URLSearchParams, store: SimulatedHms): Reply {
  const limitText = params.get("limit") ?? "20";
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 10 || limit > 100) return error(400, `invalid limit "${limitText}": expected 10 to 100`);

  const active = params.get("active");
  if (active !== null && active !== "true" && active !== "false") return error(400, `invalid active "${active}": expected true or false`);

  const times: { afterMs?: number; beforeMs?: number } = {};
  for (const [name, key] of [["after", "afterMs"], ["before", "beforeMs"]] as const) {
    const text = params.get(name);
    if (text === null) continue;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) || Number.isNaN(Date.parse(text))) {
      return error(400, `invalid ${name} "${text}": expected YYYY-MM-DDTHH:mm:ss.sssZ`);
    }
    times[key] = Date.parse(text);
  }

  const page = store.listSessions({
    roomId: params.get("room_id") ?? undefined,
    active: active === null ? undefined : active === "true",
    ...times,
    limit,
    start: params.get("start") ?? undefined,
  });
  return { status: 200, body: { limit, data: page.data, last: page.last } };
}

/** Returns why the Authorization header fails 100ms's checks, or null when it passes. */
async function checkManagementToken(header: string | undefined, secret: Uint8Array, accessKey: string): Promise<string | null> {
  const match = /^Bearer (\S+)$/.exec(header ?? "");
  if (!match) return "missing bearer token in the Authorization header";

  let payload;
  try {
    ({ payload } = await jwtVerify(match[1], secret, {
      algorithms: ["HS256"],
      requiredClaims: ["access_key", "type", "version", "iat", "nbf", "exp", "jti"],
    }));
  } catch (failure) {
    const code = (failure as { code?: unknown }).code;
    return `invalid management token (${typeof code === "string" ? code : "verification failed"})`;
  }

  if (payload.access_key !== accessKey) return "invalid management token: unknown access_key";
  if (payload.type !== "management") return 'invalid management token: type must be "management"';
  if (payload.version !== 2) return "invalid management token: version must be 2";
  if (typeof payload.jti !== "string" || !UUID.test(payload.jti)) return "invalid management token: jti must be a UUID";
  const nowSeconds = Date.now() / 1000;
  if (payload.iat! > nowSeconds + 60) return "invalid management token: iat is in the future";
  if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_SECONDS) return "invalid management token: lifetime exceeds 24 hours";
  return null;
}
