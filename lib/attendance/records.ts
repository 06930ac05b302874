/** Conversion of stored rows into the inputs of the attendance arithmetic. */
import type { PeerRecord, SessionTimes } from "./compute";
import type { StatusOverrideRecord } from "./session-statuses";
import { isOverrideStatus } from "./status";

export function toPeerRecord(peer: {
  id: string;
  userId: string;
  name: string;
  role: string;
  joinedAt: Date | null;
  leftAt: Date | null;
  leftAtEstimated?: boolean;
}): PeerRecord {
  return {
    peerId: peer.id,
    userId: peer.userId,
    name: peer.name,
    role: peer.role,
    joinedAtMs: peer.joinedAt?.getTime() ?? null,
    leftAtMs: peer.leftAt?.getTime() ?? null,
    leftAtEstimated: peer.leftAtEstimated ?? false,
  };
}

export function toSessionTimes(session: { startedAt: Date | null; stoppedAt: Date | null }): SessionTimes {
  return { startedAtMs: session.startedAt?.getTime() ?? null, stoppedAtMs: session.stoppedAt?.getTime() ?? null };
}

/** Converts stored overrides, skipping any with a status this version does not know. */
export function toOverrideRecords(
  overrides: readonly { personKey: string; status: string; reason: string; setByEmail: string; setAt: Date }[],
): StatusOverrideRecord[] {
  const records: StatusOverrideRecord[] = [];
  for (const override of overrides) {
    if (!isOverrideStatus(override.status)) continue;
    records.push({ personKey: override.personKey, status: override.status, reason: override.reason, setByEmail: override.setByEmail, setAtMs: override.setAt.getTime() });
  }
  return records;
}
