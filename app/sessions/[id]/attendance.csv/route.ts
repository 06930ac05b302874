import { ATTENDANCE_COLUMNS } from "@/lib/csv/attendance-csv";
import { csvResponse, streamCsv } from "@/lib/csv/write-csv";
import { getSessionDetail } from "@/lib/sessions/queries";

export const dynamic = "force-dynamic";

/** GET /sessions/{id}/attendance.csv: one row per person of the session. */
export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params;

  const session = await getSessionDetail(id);
  if (!session) {
    return Response.json({ error: `Session ${id} not found` }, { status: 404 });
  }

  return csvResponse(`attendance-${session.id}.csv`, streamCsv(ATTENDANCE_COLUMNS, session.attendance.people));
}
