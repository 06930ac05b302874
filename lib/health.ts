import { prisma } from "./db";
import { logger } from "./logger";

export interface HealthReport {
  status: "ok" | "unavailable";
  database: "ok" | "unreachable";
}

/** Checks that the database returns the result of a trivial query. */
export async function checkHealth(): Promise<HealthReport> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return { status: "ok", database: "ok" };
  } catch (error) {
    logger.error({ event: "health.database_unreachable", err: error }, "health check failed: the database query did not succeed");
    return { status: "unavailable", database: "unreachable" };
  }
}
