import { createTable, flexRender, getCoreRowModel, type ColumnDef, type SortingState } from "@tanstack/react-table";
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
 * Builds a TanStack table over one page of rows. Sorting and paging happen on the
 * server across the whole session (manualSorting), so the table only carries the
 * sort state for its headers; no hook runs, and the component stays a server component.
 */
function buildTable(rows: AttendanceRow[], sorting: SortingState, timeZone: string) {
  const columns: ColumnDef<AttendanceRow>[] = COLUMNS.map((column) => ({
    id: column.key,
    header: column.header,
    accessorFn: (row) => row.personKey,
    cell: (info) => column.cell(info.row.original, timeZone),
    meta: { numeric: column.numeric ?? false },
  }));
  const table = createTable<AttendanceRow>({
    data: rows,
    columns,
    state: {},
    onStateChange: () => {},
    renderFallbackValue: null,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.personKey,
    manualSorting: true,
    manualPagination: true,
  });
  table.setOptions((previous) => ({ ...previous, state: { ...table.initialState, sorting } }));
  return table;
}

function isNumeric(meta: unknown): boolean {
  return (meta as { numeric?: boolean } | undefined)?.numeric === true;
}

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
  const sorting: SortingState = query.sort ? [{ id: query.sort.key, desc: query.sort.direction === "desc" }] : [];
  const table = buildTable(slice.items, sorting, timeZone);

  return (
    <>
      <div className="table-scroll">
        <table data-testid="attendance-table">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const key = header.column.id as SortKey;
                  const sorted = header.column.getIsSorted() || null;
                  const ariaSort = sorted === null ? "none" : ARIA_SORT[sorted];
                  const href = sessionPageHref(sessionId, { ...query, sort: nextSort(query.sort, key), page: 1 });
                  return (
                    <th key={header.id} className={isNumeric(header.column.columnDef.meta) ? "number" : undefined} aria-sort={ariaSort}>
                      <Link href={href} scroll={false} prefetch={false} className="sort-link">
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted && SORT_ARROWS[sorted]}
                      </Link>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={isNumeric(cell.column.columnDef.meta) ? "number" : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
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
