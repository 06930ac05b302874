/** Columns of the per-person attendance CSV of one session. */
import type { PersonAttendance } from "../attendance/compute";
import { formatMinutes, formatPercent } from "../attendance/format";
import type { CsvColumn } from "./write-csv";

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export const ATTENDANCE_COLUMNS: readonly CsvColumn<PersonAttendance>[] = [
  { header: "name", kind: "text", value: (person) => person.name },
  { header: "user_id", kind: "text", value: (person) => person.userId },
  { header: "role", kind: "text", value: (person) => person.role },
  { header: "first_join_utc", kind: "time", value: (person) => isoOrNull(person.firstJoinMs) },
  { header: "last_leave_utc", kind: "time", value: (person) => isoOrNull(person.lastLeaveMs) },
  { header: "presence_minutes", kind: "number", value: (person) => formatMinutes(person.presenceMs) },
  { header: "connection_minutes", kind: "number", value: (person) => formatMinutes(person.connectionMs) },
  { header: "joins", kind: "number", value: (person) => person.joins },
  { header: "share_percent", kind: "number", value: (person) => formatPercent(person.share) },
];
