/**
 * Lists every page and route handler under app/ from the file system, so
 * that a new route is covered by the access tests without being registered.
 * Shared by the Vitest and Playwright suites.
 */
import fs from "node:fs";
import path from "node:path";

export interface AppRoute {
  kind: "page" | "route";
  /** File path relative to the project, such as app/sessions/[id]/page.tsx. */
  file: string;
  /** The route pattern, such as /sessions/[id]. */
  pattern: string;
  /** A URL path with every dynamic segment filled in, such as /sessions/access-probe. */
  samplePath: string;
  /** Values for the dynamic segments, as Next passes them in `params`. */
  sampleParams: Record<string, string | string[]>;
}

/** Value put into every dynamic segment; no record has this id. */
export const PROBE_SEGMENT = "access-probe";

/**
 * Routes that serve anonymous requests. Each entry is a deliberate
 * decision: adding one makes a route public.
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  "/sign-in": "the sign-in form",
  "/setup/[token]": "one-time setup and invitation links; the token is the authorisation",
  "/api/auth/[...nextauth]": "next-auth's own endpoints: CSRF token, credentials callback, sign-out",
  "/api/health": "load balancers' health check; it tells only whether the database answers",
  "/api/bench/noop": "benchmark baseline that reads the body and stores nothing; answers 404 unless BENCH_ROUTES=1",
};

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;

/** Returns every page.* and route.* file under `appDir`, sorted by pattern. */
export function listAppRoutes(appDir = path.resolve("app")): AppRoute[] {
  const routes: AppRoute[] = [];
  const visit = (dir: string, segments: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Private folders (_name) are not routes; parallel (@slot) and intercepting ((.)x) routes are not used here.
        if (entry.name.startsWith("_")) continue;
        visit(full, [...segments, entry.name]);
        continue;
      }
      const match = ROUTE_FILE.exec(entry.name);
      if (!match) continue;
      routes.push(describe(match[1] as AppRoute["kind"], path.relative(path.dirname(appDir), full), segments));
    }
  };
  visit(appDir, []);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern) || a.kind.localeCompare(b.kind));
}

function describe(kind: AppRoute["kind"], file: string, segments: string[]): AppRoute {
  const urlSegments = segments.filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  const sampleParams: Record<string, string | string[]> = {};
  const sampleSegments = urlSegments.map((segment) => {
    const dynamic = /^\[\[?(\.\.\.)?([^\]]+)\]\]?$/.exec(segment);
    if (!dynamic) return segment;
    const [, catchAll, name] = dynamic;
    sampleParams[name] = catchAll ? [PROBE_SEGMENT] : PROBE_SEGMENT;
    return PROBE_SEGMENT;
  });
  return {
    kind,
    file: file.split(path.sep).join("/"),
    pattern: `/${urlSegments.join("/")}`,
    samplePath: `/${sampleSegments.join("/")}`,
    sampleParams,
  };
}

/** HTTP methods a route handler module may export. */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Returns the HTTP methods a route file exports, read from its source so that no module has to be loaded. */
export function exportedMethods(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  return HTTP_METHODS.filter((method) =>
    new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${method}\\b|export\\s*\\{[^}]*\\bas\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source),
  );
}
