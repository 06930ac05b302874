import { authenticateRoute } from "@/lib/auth/guards";
import { csvResponse, streamCsv } from "@/lib/csv/write-csv";
import { exportSessions, sessionExportColumns } from "@/lib/sessions/export";
import { parseListSearch } from "@/lib/sessions/list-filters";
import { viewerTimeZone } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

/**
 * GET /sessions/export.csv?room=&from=&to=: every session of the list's
 * filters (all pages) in 100ms's dashboard export columns. 401 without sign-in;
 * 400 for an invalid filter.
 */
export async function GET(request: Request): Promise<Response> {
  const auth = await authenticateRoute(request, "text");
  if (!auth.viewer) return auth.response;

  const timeZone = viewerTimeZone(auth.viewer);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filters, problems } = parseListSearch(params, timeZone);
  if (problems.length > 0) return Response.json({ error: `Invalid filters: ${problems.join("; ")}` }, { status: 400 });

  return csvResponse("sessions.csv", streamCsv(sessionExportColumns(timeZone), exportSessions(auth.viewer, filters)));
}
