/**
 * The simulator's record of rooms, sessions and peers, in the shapes of the
 * 100ms REST API (v2). Playback writes the true joins and leaves here as they
 * happen, whether or not their webhooks are delivered, so the API always
 * shows what really happened.
 */

export interface SimulatedPeer {
  id: string;
  session_id: string;
  name: string;
  role: string;
  user_id: string;
  joined_at: string;
  left_at?: string;
}

export interface SimulatedSession {
  id: string;
  room_id: string;
  customer_id: string;
  active: boolean;
  peers: Record<string, SimulatedPeer>;
  created_at: string;
  updated_at: string;
}

export interface ListQuery {
  roomId?: string;
  active?: boolean;
  afterMs?: number;
  beforeMs?: number;
  limit: number;
  /** Id of the last session of the previous page; the page starts after it. */
  start?: string;
}

export const SIMULATED_CUSTOMER_ID = "6650a0c1e4b0a1b2c3d4e5f0";

/** Formats an instant as the Sessions API does: UTC with millisecond precision, trailing zeros trimmed. */
export function formatApiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, "Z");
}

export class SimulatedHms {
  private readonly sessions = new Map<string, SimulatedSession>();
  /** Peers whose left_at the API leaves empty even after the session closes. */
  private readonly peersWithoutLeftAt = new Set<string>();

  openSession(roomId: string, sessionId: string, atMs: number): void {
    const existing = this.sessions.get(sessionId);
    if (existing) {
      existing.active = true;
      existing.updated_at = formatApiTime(atMs);
      return;
    }
    this.sessions.set(sessionId, {
      id: sessionId,
      room_id: roomId,
      customer_id: SIMULATED_CUSTOMER_ID,
      active: true,
      peers: {},
      created_at: formatApiTime(atMs),
      updated_at: formatApiTime(atMs),
    });
  }

  joinPeer(
    sessionId: string,
    peer: { id: string; name: string; role: string; userId: string; keepLeftAtEmpty?: boolean },
    atMs: number,
  ): void {
    const session = this.requireSession(sessionId);
    session.peers[peer.id] = {
      id: peer.id,
      session_id: sessionId,
      name: peer.name,
      role: peer.role,
      user_id: peer.userId,
      joined_at: formatApiTime(atMs),
    };
    if (peer.keepLeftAtEmpty) this.peersWithoutLeftAt.add(peer.id);
    session.updated_at = formatApiTime(atMs);
  }

  leavePeer(sessionId: string, peerId: string, atMs: number): void {
    const session = this.requireSession(sessionId);
    const peer = session.peers[peerId];
    if (!peer) throw new Error(`simulated peer ${peerId} of session ${sessionId} never joined`);
    if (!this.peersWithoutLeftAt.has(peerId)) peer.left_at = formatApiTime(atMs);
    session.updated_at = formatApiTime(atMs);
  }

  /** Closes a session; peers still connected leave at `atMs`, unless they were marked to keep left_at empty. */
  closeSession(sessionId: string, atMs: number): void {
    const session = this.requireSession(sessionId);
    for (const peer of Object.values(session.peers)) {
      if (peer.left_at === undefined && !this.peersWithoutLeftAt.has(peer.id)) peer.left_at = formatApiTime(atMs);
    }
    session.active = false;
    session.updated_at = formatApiTime(atMs);
  }

  /** Stores a complete session, replacing any with the same id. */
  putSession(session: SimulatedSession): void {
    this.sessions.set(session.id, structuredClone(session));
  }

  getSession(sessionId: string): SimulatedSession | undefined {
    const session = this.sessions.get(sessionId);
    return session && structuredClone(session);
  }

  hasRoom(roomId: string): boolean {
    for (const session of this.sessions.values()) if (session.room_id === roomId) return true;
    return false;
  }

  /** The room's active session, if any. */
  activeSessionOf(roomId: string): SimulatedSession | undefined {
    for (const session of this.sessions.values()) {
      if (session.room_id === roomId && session.active) return structuredClone(session);
    }
    return undefined;
  }

  /** Lists sessions newest first, as GET /sessions does, and returns the page with its `last` id. */
  listSessions(query: ListQuery): { data: SimulatedSession[] | null; last: string } {
    const matching = [...this.sessions.values()]
      .filter((session) => query.roomId === undefined || session.room_id === query.roomId)
      .filter((session) => query.active === undefined || session.active === query.active)
      .filter((session) => query.afterMs === undefined || Date.parse(session.created_at) > query.afterMs)
      .filter((session) => query.beforeMs === undefined || Date.parse(session.created_at) < query.beforeMs)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id.localeCompare(a.id));

    let from = 0;
    if (query.start !== undefined) {
      const index = matching.findIndex((session) => session.id === query.start);
      from = index === -1 ? matching.length : index + 1;
    }
    const page = matching.slice(from, from + query.limit).map((session) => structuredClone(session));
    return { data: page.length === 0 ? null : page, last: page.length === 0 ? "" : page[page.length - 1].id };
  }

  private requireSession(sessionId: string): SimulatedSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`simulated session ${sessionId} was never opened`);
    return session;
  }
}
