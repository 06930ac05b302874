"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";

import { formatMinutes, formatPercent } from "@/lib/attendance/format";
import { formatInstant } from "@/lib/time-format";

/** One person's figures, as plain values that cross from the server to the browser. */
export interface AttendanceRow {
  personKey: string;
  name: string;
  userId: string;
  role: string;
  firstJoinMs: number;
  /** null while the person is still connected to a live session. */
  lastLeaveMs: number | null;
  presenceMs: number;
  connectionMs: number;
  joins: number;
  share: number;
  /** True when the last leave is estimated as the session close. */
  estimated: boolean;
  /** Effective status, such as "present" or "excused". */
  status: string;
  /** Who overrode the status, when and why, with the computed status; null without an override. */
  statusNote: string | null;
  /** True when the room has a roster and the person is not on it. */
  guest: boolean;
}

const column = createColumnHelper<AttendanceRow>();

/** The per-person table of a session; every column sorts on its raw value. */
export function AttendanceTable({ rows, timeZone }: { rows: AttendanceRow[]; timeZone: string }) {
  const [sorting, setSorting] = useState<SortingState>([]);

  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: "Name",
        cell: (info) => (
          <>
            {info.getValue()}
            {info.row.original.guest && <span className="badge">guest</span>}
          </>
        ),
      }),
      column.accessor("userId", {
        header: "User ID",
        cell: (info) => (info.getValue() ? <a href={`/people/${encodeURIComponent(info.getValue())}`}>{info.getValue()}</a> : ""),
      }),
      column.accessor("role", { header: "Role" }),
      column.accessor("firstJoinMs", {
        header: "First join",
        cell: (info) => formatInstant(info.getValue(), timeZone),
      }),
      column.accessor("lastLeaveMs", {
        header: "Last leave",
        cell: (info) => {
          if (info.getValue() === null) return "still here";
          const text = formatInstant(info.getValue(), timeZone);
          return info.row.original.estimated ? `${text} (estimated)` : text;
        },
        sortingFn: (a, b) => (a.original.lastLeaveMs ?? Infinity) - (b.original.lastLeaveMs ?? Infinity),
      }),
      column.accessor("presenceMs", {
        header: "Presence (min)",
        cell: (info) => formatMinutes(info.getValue()),
        meta: { numeric: true },
      }),
      column.accessor("connectionMs", {
        header: "Connection (min)",
        cell: (info) => formatMinutes(info.getValue()),
        meta: { numeric: true },
      }),
      column.accessor("joins", { header: "Joins", meta: { numeric: true } }),
      column.accessor("share", {
        header: "Share (%)",
        cell: (info) => formatPercent(info.getValue()),
        meta: { numeric: true },
      }),
      column.accessor("status", {
        header: "Status",
        cell: (info) => (
          <span data-testid="status" data-status={info.getValue()}>
            <span className={`badge status-${info.getValue()}`}>{info.getValue().replace("-", " ")}</span>
            {info.row.original.statusNote && <span className="muted"> ({info.row.original.statusNote})</span>}
          </span>
        ),
      }),
    ],
    [timeZone],
  );

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => row.personKey,
  });

  return (
    <div className="table-scroll">
      <table data-testid="attendance-table">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <th
                    key={header.id}
                    className={numeric ? "number" : undefined}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                  >
                    <button type="button" onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => {
                const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <td key={cell.id} className={numeric ? "number" : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
