import { authenticateRoute } from "@/lib/auth/guards";
import { roomMatrixColumns } from "@/lib/csv/attendance-csv";
import { csvResponse, streamCsv } from "@/lib/csv/write-csv";
import { getRoomReport } from "@/lib/rooms/queries";

export const dynamic = "force-dynamic";

/**
 * GET /rooms/{id}/matrix.csv: a room's people × sessions matrix with each
 * cell's status and presence and each person's attendance rate.
 * 401 without sign-in; 404 for a room that does not exist or that the viewer may not see.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const auth = await authenticateRoute(request, "text");
  if (!auth.viewer) return auth.response;
  const { id } = await context.params;

  const report = await getRoomReport(auth.viewer, id);
  if (!report) return Response.json({ error: `Room ${id} not found` }, { status: 404 });

  return csvResponse(`room-${report.id}.csv`, streamCsv(roomMatrixColumns(report), report.rows));
}
