/**
 * Columns of the CSV files built from attendance: one session's people, a
 * room's matrix and one person's sessions. Times are ISO 8601 UTC, each
 * followed by a `_local` column in the viewer's time zone with its offset.
 */
import { formatMinutes, formatPercent } from "../attendance/format";
import type { PersonStatus } from "../attendance/session-statuses";
import type { PersonSessionRow } from "../people/queries";
import type { RoomReport } from "../rooms/queries";
import { formatLocalIso } from "../time-format";
import type { CsvColumn } from "./write-csv";

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function rosterLabel(status: PersonStatus): string {
  if (status.rostered) return "rostered";
  return status.guest ? "guest" : "";
}

/** Columns of the per-person attendance CSV of one session, absentees included. */
export function attendanceColumns(timeZone: string): CsvColumn<PersonStatus>[] {
  return [
    { header: "name", kind: "text", value: (row) => row.name },
    { header: "user_id", kind: "text", value: (row) => row.userId },
    { header: "role", kind: "text", value: (row) => row.attendance?.role ?? null },
    { header: "first_join_utc", kind: "time", value: (row) => isoOrNull(row.attendance?.firstJoinMs ?? null) },
    { header: "last_leave_utc", kind: "time", value: (row) => isoOrNull(row.attendance?.lastLeaveMs ?? null) },
    { header: "presence_minutes", kind: "number", value: (row) => formatMinutes(row.attendance?.presenceMs ?? 0) },
    { header: "connection_minutes", kind: "number", value: (row) => formatMinutes(row.attendance?.connectionMs ?? 0) },
    { header: "joins", kind: "number", value: (row) => row.attendance?.joins ?? 0 },
    { header: "share_percent", kind: "number", value: (row) => formatPercent(row.attendance?.share ?? 0) },
    { header: "first_join_local", kind: "time", value: (row) => formatLocalIso(row.attendance?.firstJoinMs ?? null, timeZone) },
    { header: "last_leave_local", kind: "time", value: (row) => formatLocalIso(row.attendance?.lastLeaveMs ?? null, timeZone) },
    { header: "roster", kind: "text", value: rosterLabel },
    { header: "status", kind: "text", value: (row) => row.effective },
    { header: "computed_status", kind: "text", value: (row) => row.computed },
    { header: "override_reason", kind: "text", value: (row) => row.override?.reason ?? null },
    { header: "override_by", kind: "text", value: (row) => row.override?.setByEmail ?? null },
    { header: "override_at_utc", kind: "time", value: (row) => isoOrNull(row.override?.setAtMs ?? null) },
    { header: "override_at_local", kind: "time", value: (row) => formatLocalIso(row.override?.setAtMs ?? null, timeZone) },
  ];
}

type MatrixRow = RoomReport["rows"][number];

/**
 * Columns of a room's matrix: one row per person, then a status and a
 * presence column per session, headed by the session's start in UTC.
 */
export function roomMatrixColumns(report: RoomReport): CsvColumn<MatrixRow>[] {
  const columns: CsvColumn<MatrixRow>[] = [
    { header: "user_id", kind: "text", value: (row) => row.userId },
    { header: "name", kind: "text", value: (row) => row.name },
    { header: "email", kind: "text", value: (row) => row.email },
    { header: "roster", kind: "text", value: (row) => (row.rostered ? "rostered" : "guest") },
    { header: "attended", kind: "number", value: (row) => row.attended },
    { header: "counted", kind: "number", value: (row) => row.counted },
    { header: "attendance_rate_percent", kind: "number", value: (row) => (row.attendanceRate === null ? null : formatPercent(row.attendanceRate)) },
  ];
  report.sessions.forEach((session, index) => {
    const label = isoOrNull(session.startMs) ?? session.id;
    columns.push(
      { header: `${label} status`, kind: "text", value: (row) => row.cells[index]?.effective ?? null },
      { header: `${label} presence_minutes`, kind: "number", value: (row) => (row.cells[index] ? formatMinutes(row.cells[index].attendance?.presenceMs ?? 0) : null) },
    );
  });
  return columns;
}

/** Columns of one person's sessions. */
export function personSessionColumns(timeZone: string): CsvColumn<PersonSessionRow>[] {
  return [
    { header: "room_id", kind: "text", value: (row) => row.roomId },
    { header: "room_name", kind: "text", value: (row) => row.roomName },
    { header: "session_id", kind: "text", value: (row) => row.sessionId },
    { header: "session_start_utc", kind: "time", value: (row) => isoOrNull(row.sessionStartMs) },
    { header: "session_start_local", kind: "time", value: (row) => formatLocalIso(row.sessionStartMs, timeZone) },
    { header: "session_minutes", kind: "number", value: (row) => formatMinutes(row.sessionDurationMs) },
    { header: "first_join_utc", kind: "time", value: (row) => isoOrNull(row.status.attendance?.firstJoinMs ?? null) },
    { header: "first_join_local", kind: "time", value: (row) => formatLocalIso(row.status.attendance?.firstJoinMs ?? null, timeZone) },
    { header: "last_leave_utc", kind: "time", value: (row) => isoOrNull(row.status.attendance?.lastLeaveMs ?? null) },
    { header: "last_leave_local", kind: "time", value: (row) => formatLocalIso(row.status.attendance?.lastLeaveMs ?? null, timeZone) },
    { header: "presence_minutes", kind: "number", value: (row) => formatMinutes(row.status.attendance?.presenceMs ?? 0) },
    { header: "share_percent", kind: "number", value: (row) => formatPercent(row.status.attendance?.share ?? 0) },
    { header: "joins", kind: "number", value: (row) => row.status.attendance?.joins ?? 0 },
    { header: "status", kind: "text", value: (row) => row.status.effective },
    { header: "computed_status", kind: "text", value: (row) => row.status.computed },
    { header: "override_reason", kind: "text", value: (row) => row.status.override?.reason ?? null },
    { header: "override_by", kind: "text", value: (row) => row.status.override?.setByEmail ?? null },
  ];
}
