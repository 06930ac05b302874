import { authenticateRoute } from "@/lib/auth/guards";
import { getLiveSnapshot } from "@/lib/live/snapshot";

export const dynamic = "force-dynamic";

/**
 * GET /api/live: the ongoing sessions of the viewer's rooms with each
 * person's presence at the server's `nowMs`, polled by the live view.
 * 401 without sign-in.
 */
export async function GET(request: Request): Promise<Response> {
  const auth = await authenticateRoute(request);
  if (!auth.viewer) return auth.response;
  const snapshot = await getLiveSnapshot(auth.viewer);
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
}
