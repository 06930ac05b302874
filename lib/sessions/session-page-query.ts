/**
 * Sorting and pagination of the session page, read from its URL parameters.
 * The page computes every person and peer of a session in memory anyway, so
 * sorting and slicing here cost far less than rendering every row.
 */

/** One person's figures, as plain values that the session page renders. */
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
  /** Override details (computed status, author, time, reason); null without an override. */
  statusNote: string | null;
  /** True when the room has a roster and the person is not on it. */
  guest: boolean;
}

/** People per page of the per-person table. */
export const PEOPLE_PAGE_SIZE = 50;
/** Peers per page of the join and leave log. */
export const LOG_PAGE_SIZE = 100;

export type SortDirection = "asc" | "desc";

interface SortColumn {
  /** Direction of the first click: text columns ascend, numbers and times descend first. */
  firstDirection: SortDirection;
  compare: (a: AttendanceRow, b: AttendanceRow) => number;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function byText(field: "name" | "userId" | "role" | "status"): SortColumn {
  return { firstDirection: "asc", compare: (a, b) => collator.compare(a[field], b[field]) };
}

function byNumber(value: (row: AttendanceRow) => number): SortColumn {
  return { firstDirection: "desc", compare: (a, b) => value(a) - value(b) };
}

/** The sortable columns by their URL key; any other `sort` value is ignored. */
export const SORT_COLUMNS = {
  name: byText("name"),
  userId: byText("userId"),
  role: byText("role"),
  firstJoin: byNumber((row) => row.firstJoinMs),
  // A person still connected has no last leave yet and sorts as the latest.
  lastLeave: byNumber((row) => row.lastLeaveMs ?? Infinity),
  presence: byNumber((row) => row.presenceMs),
  connection: byNumber((row) => row.connectionMs),
  joins: byNumber((row) => row.joins),
  share: byNumber((row) => row.share),
  status: byText("status"),
} satisfies Record<string, SortColumn>;

export type SortKey = keyof typeof SORT_COLUMNS;

export interface PeopleSort {
  key: SortKey;
  direction: SortDirection;
}

/** The state of the session page that its URL carries. */
export interface SessionPageQuery {
  /** null keeps the order of first join. */
  sort: PeopleSort | null;
  /** 1-based page of the per-person table, not yet clamped to the page count. */
  page: number;
  /** 1-based page of the join and leave log, not yet clamped to the page count. */
  logPage: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isSortKey(value: string | undefined): value is SortKey {
  return value !== undefined && Object.hasOwn(SORT_COLUMNS, value);
}

function parsePageNumber(value: string | undefined): number {
  if (value === undefined || !/^[1-9][0-9]{0,8}$/.test(value)) return 1;
  return Number(value);
}

/**
 * Reads `sort`, `dir`, `page` and `logPage` from the page's search
 * parameters. Unknown sort keys and malformed numbers fall back to the
 * defaults instead of failing, because they come from hand-edited URLs.
 */
export function parseSessionPageQuery(params: SearchParams): SessionPageQuery {
  const sortKey = firstValue(params.sort);
  const direction = firstValue(params.dir);
  const sort = isSortKey(sortKey)
    ? { key: sortKey, direction: direction === "asc" || direction === "desc" ? direction : SORT_COLUMNS[sortKey].firstDirection }
    : null;
  return { sort, page: parsePageNumber(firstValue(params.page)), logPage: parsePageNumber(firstValue(params.logPage)) };
}

/**
 * Returns the sort after a click on a column header: the column's first
 * direction, then the other direction, then no sort, as TanStack Table
 * cycles by default.
 */
export function nextSort(current: PeopleSort | null, key: SortKey): PeopleSort | null {
  const firstDirection = SORT_COLUMNS[key].firstDirection;
  if (current?.key !== key) return { key, direction: firstDirection };
  if (current.direction === firstDirection) return { key, direction: firstDirection === "asc" ? "desc" : "asc" };
  return null;
}

/** Sorts a copy of the rows; equal rows keep their input order. */
export function sortPeople(rows: readonly AttendanceRow[], sort: PeopleSort | null): AttendanceRow[] {
  if (!sort) return [...rows];
  const { compare } = SORT_COLUMNS[sort.key];
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b));
}

export interface PageSlice<T> {
  items: T[];
  /** 1-based page, clamped to 1..pageCount. */
  page: number;
  pageCount: number;
  total: number;
  /** 0-based index of the first item in the whole list. */
  offset: number;
}

/** Cuts one page out of a list; a page past the end shows the last page. */
export function pageOf<T>(items: readonly T[], requestedPage: number, pageSize: number): PageSlice<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  const offset = (page - 1) * pageSize;
  return { items: items.slice(offset, offset + pageSize), page, pageCount, total: items.length, offset };
}

/** Builds the session page URL for a sort and pages, leaving defaults out. */
export function sessionPageHref(sessionId: string, query: SessionPageQuery): string {
  const search = new URLSearchParams();
  if (query.sort) {
    search.set("sort", query.sort.key);
    search.set("dir", query.sort.direction);
  }
  if (query.page > 1) search.set("page", String(query.page));
  if (query.logPage > 1) search.set("logPage", String(query.logPage));
  const text = search.toString();
  return `/sessions/${encodeURIComponent(sessionId)}${text ? `?${text}` : ""}`;
}
