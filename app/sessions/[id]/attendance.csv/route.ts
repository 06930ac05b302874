import { authenticateRoute } from "@/lib/auth/guards";
import { attendanceColumns } from "@/lib/csv/attendance-csv";
import { csvResponse, streamCsvPages } from "@/lib/csv/write-csv";
import { streamSessionAttendance } from "@/lib/sessions/stream-attendance";
import { viewerTimeZone } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

/**
 * GET /sessions/{id}/attendance.csv: one row per person of the session, in user_id
 * order and streamed from the database page by page, then one per rostered person
 * who never joined, with status and override.
 * 401 without sign-in; 404 for a session that does not exist or is in a room the viewer may not see.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authenticateRoute(request, "text");
  if (!auth.viewer) return auth.response;
  const { id } = await context.params;

  const session = await streamSessionAttendance(auth.viewer, id);
  if (!session) {
    return Response.json({ error: `Session ${id} not found` }, { status: 404 });
  }

  return csvResponse(`attendance-${session.id}.csv`, streamCsvPages(attendanceColumns(viewerTimeZone(auth.viewer)), session.statusPages));
}
