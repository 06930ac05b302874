"use client";

import { useEffect, useState } from "react";

import { formatClock } from "@/lib/attendance/format";
import type { LiveSnapshot } from "@/lib/live/snapshot";
import { formatTimeOfDay } from "@/lib/time-format";

/** How often the view fetches a new snapshot; joins and leaves show within this time plus one request. */
const POLL_INTERVAL_MS = 2_000;
/** How often the figures of connected people are redrawn. */
const TICK_INTERVAL_MS = 250;

interface Received {
  snapshot: LiveSnapshot;
  /** Client clock (Date.now()) when the snapshot arrived; null during server rendering and hydration. */
  receivedAtMs: number | null;
}

/**
 * Ongoing sessions with the people in them, polling GET /api/live.
 *
 * Presence never comes from a counter that adds one per tick, because timers
 * run late and throttled tabs skip ticks. Every tick recomputes each connected
 * person's presence from the last snapshot: presence at the snapshot's server
 * `nowMs` plus the time elapsed since then. The elapsed time is
 * (clientNow − receivedAtMs), both read from the browser's clock, which equals
 * (estimated server now − snapshot nowMs), so an offset between the browser's
 * and the server's clocks cancels out. Each poll replaces the snapshot, so the
 * figure is re-based on the server's every few seconds and the error is at most
 * one response's latency. A person whose every connection has a leave is not
 * connected, and shows the snapshot's figure unchanged.
 */
export function LiveView({ initial, timeZone }: { initial: LiveSnapshot; timeZone: string }) {
  const [received, setReceived] = useState<Received>({ snapshot: initial, receivedAtMs: null });
  const [clientNowMs, setClientNowMs] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setReceived((current) => ({ ...current, receivedAtMs: current.receivedAtMs ?? Date.now() }));
    const tick = window.setInterval(() => setClientNowMs(Date.now()), TICK_INTERVAL_MS);

    let stopped = false;
    let timer: number | undefined;
    const poll = async () => {
      try {
        const response = await fetch("/api/live", { cache: "no-store", headers: { accept: "application/json" } });
        if (response.status === 401) {
          setProblem("Your sign-in has ended. Reload the page to sign in again.");
          return;
        }
        if (!response.ok) throw new Error(`GET /api/live failed with status ${response.status}`);
        const snapshot = (await response.json()) as LiveSnapshot;
        if (stopped) return;
        setReceived({ snapshot, receivedAtMs: Date.now() });
        setProblem(null);
      } catch {
        setProblem("Lost the connection to the server; retrying.");
      }
      if (!stopped) timer = window.setTimeout(poll, POLL_INTERVAL_MS);
    };
    timer = window.setTimeout(poll, POLL_INTERVAL_MS);

    return () => {
      stopped = true;
      window.clearInterval(tick);
      window.clearTimeout(timer);
    };
  }, []);

  const { snapshot, receivedAtMs } = received;
  const elapsedMs = receivedAtMs !== null && clientNowMs !== null ? Math.max(0, clientNowMs - receivedAtMs) : 0;

  return (
    <>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {snapshot.sessions.length === 0 ? (
        <p data-testid="live-empty">No session is live in your rooms right now.</p>
      ) : (
        snapshot.sessions.map((session) => (
          <section key={session.id} className="live-session" data-testid="live-session" data-session-id={session.id}>
            <h2>
              <a href={`/sessions/${encodeURIComponent(session.id)}`}>{session.roomName}</a> <span className="badge live">Live</span>
            </h2>
            <p className="muted">
              Started {formatTimeOfDay(session.startMs, timeZone)} · {session.people.filter((person) => person.connected).length} connected ·{" "}
              {session.people.length} joined
            </p>
            {session.people.length === 0 ? (
              <p>No one has joined yet.</p>
            ) : (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>User ID</th>
                      <th>First join</th>
                      <th className="number">Presence</th>
                      <th>State</th>
                    </tr>
                  </thead>
                  <tbody>
                    {session.people.map((person) => (
                      <tr key={person.personKey} data-testid="live-person" data-user-id={person.userId}>
                        <td>
                          {person.name}
                          {!person.rostered && <span className="badge"> guest</span>}
                        </td>
                        <td>{person.userId || "—"}</td>
                        <td>{formatTimeOfDay(person.firstJoinMs, timeZone)}</td>
                        <td className="number" data-testid="live-presence" data-ticking={person.connected ? "true" : "false"}>
                          {formatClock(person.presenceMs + (person.connected ? elapsedMs : 0))}
                        </td>
                        <td>{person.connected ? "connected" : "left"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {session.expected.length > 0 && (
              <>
                <h3>Expected, not joined ({session.expected.length})</h3>
                <ul data-testid="live-expected">
                  {session.expected.map((entry) => (
                    <li key={entry.userId}>
                      {entry.name} <span className="muted">({entry.userId})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        ))
      )}
    </>
  );
}
