import Link from "next/link";
import type { ReactNode } from "react";

import { formatMinutes, formatPercent } from "@/lib/attendance/format";
import {
  nextSort,
  sessionPageHref,
  type AttendanceRow,
  type PageSlice,
  type SessionPageQuery,
  type SortKey,
} from "@/lib/sessions/session-page-query";
import { formatInstant } from "@/lib/time-format";

export type { AttendanceRow } from "@/lib/sessions/session-page-query";

interface Column {
  key: SortKey;
  header: string;
  numeric?: boolean;
  cell: (row: AttendanceRow, timeZone: string) => ReactNode;
}

const COLUMNS: Column[] = [
  {
    key: "name",
    header: "Name",
    cell: (row) => (
      <>
        {row.name}
        {row.guest && <span className="badge">guest</span>}
      </>
    ),
  },
  {
    key: "userId",
    header: "User ID",
    cell: (row) => (row.userId ? <a href={`/people/${encodeURIComponent(row.userId)}`}>{row.userId}</a> : ""),
  },
  { key: "role", header: "Role", cell: (row) => row.role },
  { key: "firstJoin", header: "First join", cell: (row, timeZone) => formatInstant(row.firstJoinMs, timeZone) },
  {
    key: "lastLeave",
    header: "Last leave",
    cell: (row, timeZone) => {
      if (row.lastLeaveMs === null) return "still here";
      const text = formatInstant(row.lastLeaveMs, timeZone);
      return row.estimated ? `${text} (estimated)` : text;
    },
  },
  { key: "presence", header: "Presence (min)", numeric: true, cell: (row) => formatMinutes(row.presenceMs) },
  { key: "connection", header: "Connection (min)", numeric: true, cell: (row) => formatMinutes(row.connectionMs) },
  { key: "joins", header: "Joins", numeric: true, cell: (row) => row.joins },
  { key: "share", header: "Share (%)", numeric: true, cell: (row) => formatPercent(row.share) },
  {
    key: "status",
    header: "Status",
    cell: (row) => (
      <span data-testid="status" data-status={row.status}>
        <span className={`badge status-${row.status}`}>{row.status.replace("-", " ")}</span>
        {row.statusNote && <span className="muted"> ({row.statusNote})</span>}
      </span>
    ),
  },
];

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const SORT_ARROWS = { asc: " ▲", desc: " ▼" } as const;

/**
 * Renders the per-person table of a session: one page of people, already sorted on
 * the server. Each header links to the URL of the next sort of its column,
 * which starts again at the first page.
 */
export function AttendanceTable({
  sessionId,
  query,
  slice,
  timeZone,
}: {
  sessionId: string;
  query: SessionPageQuery;
  slice: PageSlice<AttendanceRow>;
  timeZone: string;
}) {
  const pageHref = (page: number) => sessionPageHref(sessionId, { ...query, page });

  return (
    <>
      <div className="table-scroll">
        <table data-testid="attendance-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const sorted = query.sort?.key === column.key ? query.sort.direction : null;
                const ariaSort = sorted === null ? "none" : ARIA_SORT[sorted];
                const href = sessionPageHref(sessionId, { ...query, sort: nextSort(query.sort, column.key), page: 1 });
                return (
                  <th
                    key={column.key}
                    className={column.numeric ? "number" : undefined}
                    aria-sort={ariaSort}
                  >
                    <Link href={href} scroll={false} prefetch={false} className="sort-link">
                      {column.header}
                      {sorted && SORT_ARROWS[sorted]}
                    </Link>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {slice.items.map((row) => (
              <tr key={row.personKey}>
                {COLUMNS.map((column) => (
                  <td key={column.key} className={column.numeric ? "number" : undefined}>
                    {column.cell(row, timeZone)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PageLinks slice={slice} noun="people" href={pageHref} testId="people-pages" />
    </>
  );
}

/** Previous and next links with the position in the list; nothing when everything fits on one page. */
export function PageLinks<T>({
  slice,
  noun,
  href,
  testId,
}: {
  slice: PageSlice<T>;
  noun: string;
  href: (page: number) => string;
  testId: string;
}) {
  if (slice.pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={`Pages of ${noun}`} data-testid={testId}>
      {slice.page > 1 ? (
        <Link href={href(slice.page - 1)} scroll={false} prefetch={false}>
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="muted">
        Page {slice.page} of {slice.pageCount} · {slice.offset + 1}–{slice.offset + slice.items.length} of {slice.total} {noun}
      </span>
      {slice.page < slice.pageCount ? (
        <Link href={href(slice.page + 1)} scroll={false} prefetch={false}>
          Next →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
