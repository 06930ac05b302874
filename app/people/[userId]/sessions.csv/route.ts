import { authenticateRoute } from "@/lib/auth/guards";
import { personSessionColumns } from "@/lib/csv/attendance-csv";
import { csvResponse, streamCsv } from "@/lib/csv/write-csv";
import { getPersonHistory } from "@/lib/people/queries";
import { viewerTimeZone } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

/**
 * GET /people/{userId}/sessions.csv: one person's sessions in the viewer's rooms, newest first.
 * 401 without sign-in; 404 for a person seen in none of the viewer's rooms.
 */
export async function GET(request: Request, context: { params: Promise<{ userId: string }> }): Promise<Response> {
  const auth = await authenticateRoute(request, "text");
  if (!auth.viewer) return auth.response;
  const { userId } = await context.params;

  const history = await getPersonHistory(auth.viewer, userId);
  if (!history) return Response.json({ error: `Person ${userId} not found` }, { status: 404 });

  return csvResponse(`person-${history.userId}.csv`, streamCsv(personSessionColumns(viewerTimeZone(auth.viewer)), history.sessions));
}
