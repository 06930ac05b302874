/** The session list's filters as they appear in the URL, validated. */
import { z } from "zod";

import { startOfDayInZone } from "../time-format";
import type { SessionFilters } from "./queries";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const searchSchema = z.object({
  room: z.string().max(256).optional(),
  from: z.string().regex(DAY, "must be a date such as 2026-03-02").optional(),
  to: z.string().regex(DAY, "must be a date such as 2026-03-02").optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export interface ListSearch {
  room?: string;
  from?: string;
  to?: string;
  page: number;
}

export type ParsedListSearch = { search: ListSearch; filters: SessionFilters; problems: string[] };

function first(value: string | string[] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single === "" ? undefined : single;
}

/**
 * Validates the list's URL parameters. Invalid values are dropped and
 * reported in `problems`; dates are whole days in `timeZone`, both ends included.
 */
export function parseListSearch(params: Record<string, string | string[] | undefined>, timeZone: string): ParsedListSearch {
  const raw = { room: first(params.room), from: first(params.from), to: first(params.to), page: first(params.page) };
  const problems: string[] = [];
  const search: ListSearch = { page: 1 };

  for (const key of Object.keys(raw) as (keyof typeof raw)[]) {
    const result = searchSchema.shape[key].safeParse(raw[key]);
    if (!result.success) {
      problems.push(`${key}: ${result.error.issues[0]?.message ?? "invalid"}`);
      continue;
    }
    if (result.data !== undefined) (search as unknown as Record<string, unknown>)[key] = result.data;
  }

  const filters: SessionFilters = { roomId: search.room, page: search.page };
  if (search.from) filters.fromMs = startOfDayInZone(search.from, timeZone);
  if (search.to) filters.toMs = startOfDayInZone(search.to, timeZone) + DAY_MS;
  return { search, filters, problems };
}

/** Builds the list URL for the given filters, leaving out empty ones. */
export function listHref(search: Partial<ListSearch>): string {
  const params = new URLSearchParams();
  if (search.room) params.set("room", search.room);
  if (search.from) params.set("from", search.from);
  if (search.to) params.set("to", search.to);
  if (search.page && search.page > 1) params.set("page", String(search.page));
  const query = params.toString();
  return query ? `/sessions?${query}` : "/sessions";
}
