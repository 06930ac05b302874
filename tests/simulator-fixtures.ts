/** Sessions for the simulator's store, in the 100ms API shape, shared by API client and sync tests. */
import { formatApiTime, type SimulatedSession } from "@/lib/simulator/store";

export const ACCESS_KEY = "test-access-key";
export const APP_SECRET = "test-app-secret-for-the-simulator";
export const FIXTURE_ROOM_ID = "6650a0c1e4b0a1b2c3d4e6aa";

/** A closed 30-minute session on day `index` of November 2026 at 09:00 UTC, with two peers. */
export function closedSession(index: number, roomId = FIXTURE_ROOM_ID): SimulatedSession {
  const startMs = Date.UTC(2026, 10, 1 + index, 9, 0, 0);
  const id = `fixture-session-${String(index).padStart(3, "0")}`;
  const peer = (suffix: string, userId: string, joinMinute: number, leaveMinute: number) => ({
    id: `${id}-${suffix}`,
    session_id: id,
    name: `Student ${userId}`,
    role: "student",
    user_id: userId,
    joined_at: formatApiTime(startMs + joinMinute * 60_000 + 120),
    left_at: formatApiTime(startMs + leaveMinute * 60_000 + 990),
  });
  return {
    id,
    room_id: roomId,
    customer_id: "6650a0c1e4b0a1b2c3d4e5f0",
    active: false,
    peers: Object.fromEntries([peer("a", "ann", 0, 30), peer("b", "bob", 5, 25)].map((p) => [p.id, p])),
    created_at: formatApiTime(startMs),
    updated_at: formatApiTime(startMs + 30 * 60_000),
  };
}
