/** Builders of 100ms webhook bodies in the documented shape, shared by the Vitest and Playwright suites. */
import { randomUUID } from "node:crypto";

export const ROOM_ID = "6650a0c1e4b0a1b2c3d4e600";
export const ROOM_NAME = "algebra-2b";

export type WebhookBody = {
  id: string;
  version: string;
  type: string;
  timestamp: string;
  account_id: string;
  app_id: string;
  data: Record<string, unknown>;
};

function envelope(type: string, at: string, data: Record<string, unknown>): WebhookBody {
  return {
    version: "2.0",
    id: randomUUID(),
    account_id: "6650a0c1e4b0a1b2c3d4e5f6",
    app_id: "6650a0c1e4b0a1b2c3d4e5f7",
    timestamp: at.replace(/\.\d+Z$/, "Z"),
    type,
    data,
  };
}

export function sessionOpen(sessionId: string, startedAt: string): WebhookBody {
  return envelope("session.open.success", startedAt, {
    room_id: ROOM_ID,
    room_name: ROOM_NAME,
    session_id: sessionId,
    template_id: "6650a0c1e4b0a1b2c3d4e620",
    session_started_at: startedAt,
  });
}

export function sessionClose(sessionId: string, startedAt: string, stoppedAt: string): WebhookBody {
  return envelope("session.close.success", stoppedAt, {
    room_id: ROOM_ID,
    room_name: ROOM_NAME,
    session_id: sessionId,
    template_id: "6650a0c1e4b0a1b2c3d4e620",
    session_started_at: startedAt,
    session_stopped_at: stoppedAt,
    session_duration: Math.round((Date.parse(stoppedAt) - Date.parse(startedAt)) / 1000),
  });
}

export interface PeerFields {
  sessionId: string;
  peerId: string;
  userId: string;
  name: string;
  role?: string;
  joinedAt: string;
}

function peerData(peer: PeerFields): Record<string, unknown> {
  return {
    room_id: ROOM_ID,
    room_name: ROOM_NAME,
    session_id: peer.sessionId,
    template_id: "6650a0c1e4b0a1b2c3d4e620",
    peer_id: peer.peerId,
    user_id: peer.userId,
    user_name: peer.name,
    user_data: "",
    role: peer.role ?? "student",
    type: "regular",
    joined_at: peer.joinedAt,
  };
}

export function peerJoin(peer: PeerFields, type = "peer.join.success"): WebhookBody {
  return envelope(type, peer.joinedAt, peerData(peer));
}

export function peerLeave(peer: PeerFields, leftAt: string, type = "peer.leave.success"): WebhookBody {
  return envelope(type, leftAt.startsWith("0001") ? peer.joinedAt : leftAt, {
    ...peerData(peer),
    left_at: leftAt,
    duration: Math.max(0, Math.round((Date.parse(leftAt) - Date.parse(peer.joinedAt)) / 1000)),
    reason: "client request",
  });
}
