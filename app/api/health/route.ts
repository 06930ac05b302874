import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** GET /api/health: 200 when this instance can reach its database, 503 otherwise. Public, for load balancers. */
export async function GET(): Promise<Response> {
  const report = await checkHealth();
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
