import { getEnv } from "@/lib/env";
import { MAX_WEBHOOK_BODY_BYTES } from "@/lib/ingest/receive-webhook";
import { readBodyWithLimit } from "@/lib/http/read-body";

export const dynamic = "force-dynamic";

/**
 * POST /api/bench/noop: the baseline of the webhook benchmark. It reads the
 * body as the webhook endpoint does and answers 200 without touching the
 * database. Served only when BENCH_ROUTES=1; otherwise it answers 404, as an
 * unknown path would.
 */
export async function POST(request: Request): Promise<Response> {
  if (getEnv().BENCH_ROUTES !== "1") return Response.json({ error: "Not found" }, { status: 404 });

  const body = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
  return Response.json({ bytes: body.length }, { status: 200 });
}
