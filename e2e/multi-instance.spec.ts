/**
 * Two app processes on one database receive interleaved, duplicated and
 * reordered deliveries of the same sessions in parallel, as several
 * instances behind a load balancer would. The stored attendance must equal
 * the ground truth exactly, and no delivery may fail.
 */
import { spawn, type ChildProcess } from "node:child_process";

import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";

import { computeAttendance, type PeerRecord } from "../lib/attendance/compute";
import { formatMinutes } from "../lib/attendance/format";
import { createSeededRandom } from "../lib/demo/demo-class";
import { peerJoin, peerLeave, sessionClose, sessionOpen, type WebhookBody } from "../tests/hms-events";
import { signIn } from "./auth";
import { E2E_ADMIN, E2E_DATABASE_URL, E2E_NEXTAUTH_SECRET, E2E_PORT, E2E_WEBHOOK_SECRET } from "./settings";

const SECOND_PORT = E2E_PORT + 1;
const SESSIONS = 3;
const PEOPLE_PER_SESSION = 12;
const PARALLEL_REQUESTS = 12;

interface GroundTruth {
  sessionId: string;
  startMs: number;
  stopMs: number;
  peers: PeerRecord[];
  events: WebhookBody[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function buildSession(index: number, random: () => number): GroundTruth {
  const sessionId = `multi-${Date.now()}-${index}`;
  const startMs = Date.UTC(2026, 2, 2, 9 + index, 0, 0);
  const stopMs = startMs + 60 * 60_000;
  const peers: PeerRecord[] = [];
  const events: WebhookBody[] = [sessionOpen(sessionId, iso(startMs)), sessionClose(sessionId, iso(startMs), iso(stopMs))];

  for (let person = 0; person < PEOPLE_PER_SESSION; person++) {
    const userId = `student-${index}-${person}`;
    const connections = 1 + Math.floor(random() * 3);
    let cursor = startMs + Math.floor(random() * 10 * 60_000);
    for (let c = 0; c < connections && cursor < stopMs; c++) {
      const joinedAtMs = cursor;
      const lengthMs = 60_000 + Math.floor(random() * 30 * 60_000) + Math.floor(random() * 1000);
      // The last connection of every fourth person never gets a leave: it ends at the close.
      const leftAtMs = person % 4 === 0 && c === connections - 1 ? null : Math.min(joinedAtMs + lengthMs, stopMs);
      const peerId = `${sessionId}-${person}-${c}`;
      peers.push({ peerId, userId, name: `Student ${index}.${person}`, role: "student", joinedAtMs, leftAtMs });

      const fields = { sessionId, peerId, userId, name: `Student ${index}.${person}`, joinedAt: iso(joinedAtMs) };
      events.push(peerJoin(fields));
      if (leftAtMs !== null) events.push(peerLeave(fields, iso(leftAtMs)));

      // Every third connection is followed by an overlapping second tab, otherwise by a gap.
      cursor = c % 3 === 2 ? joinedAtMs + Math.floor(lengthMs / 2) : (leftAtMs ?? stopMs) + Math.floor(random() * 5 * 60_000);
    }
  }
  return { sessionId, startMs, stopMs, peers, events };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function waitForServer(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/sessions`);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl} did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let second: ChildProcess | undefined;

test.beforeAll(async () => {
  // The first instance is Playwright's web server; the second runs the same build on another port.
  second = spawn("npx", ["next", "start", "--port", String(SECOND_PORT), "--hostname", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: E2E_DATABASE_URL,
      APP_ENV: "production",
      NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
      WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "ignore",
    detached: true,
  });
  await waitForServer(`http://127.0.0.1:${SECOND_PORT}`, 60_000);
});

test.afterAll(() => {
  if (second?.pid) process.kill(-second.pid, "SIGTERM");
});

test("two instances store parallel duplicated deliveries exactly", async ({ page }) => {
  const random = createSeededRandom(20261204);
  const truths = Array.from({ length: SESSIONS }, (_, index) => buildSession(index, random));

  const deliveries = truths.flatMap((truth) => truth.events);
  const duplicates = deliveries.filter(() => random() < 0.3);
  const queue = shuffle([...deliveries, ...duplicates], random);
  const bases = [`http://127.0.0.1:${E2E_PORT}`, `http://127.0.0.1:${SECOND_PORT}`];

  const statuses = new Map<number, number>();
  let next = 0;
  const sender = async () => {
    while (next < queue.length) {
      const index = next++;
      const response = await fetch(`${bases[index % 2]}/api/webhooks/100ms`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-webhook-secret": E2E_WEBHOOK_SECRET },
        body: JSON.stringify(queue[index]),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_REQUESTS }, sender));
  expect(Object.fromEntries(statuses)).toEqual({ 200: queue.length });

  // The second instance serves the CSV files to an admin who signed in on the first.
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  for (const truth of truths) {
    const expected = computeAttendance({ startedAtMs: truth.startMs, stoppedAtMs: truth.stopMs }, truth.peers, {
      nowMs: truth.stopMs,
      excludedRoles: new Set(),
    });
    const response = await page.request.get(`${bases[1]}/sessions/${truth.sessionId}/attendance.csv`);
    expect(response.status()).toBe(200);
    const rows: Record<string, string>[] = parse(await response.body(), { bom: true, columns: true });

    expect(rows.map((row) => [row.user_id, row.first_join_utc, row.last_leave_utc, row.presence_minutes, row.connection_minutes, row.joins])).toEqual(
      // The CSV lists people in user_id order.
      [...expected.people].sort((a, b) => (a.personKey < b.personKey ? -1 : 1)).map((person) => [
        person.userId,
        iso(person.firstJoinMs),
        iso(person.lastLeaveMs ?? truth.stopMs),
        formatMinutes(person.presenceMs),
        formatMinutes(person.connectionMs),
        String(person.joins),
      ]),
    );
  }
});
