/**
 * Every route handler under app/ refuses anonymous requests with 401.
 *
 * The routes are found by walking app/ (tests/app-routes.ts), so a new
 * route.ts is tested as soon as it exists: if it does not authenticate, its
 * anonymous request gets something other than 401 and this test fails. Only
 * the routes in PUBLIC_ROUTES are skipped. The webhook endpoint is not
 * skipped: without its secret header it must return 401 too.
 *
 * Pages are checked against the real production server in
 * e2e/anonymous-access.spec.ts, because a page's redirect needs Next's
 * request scope. Server actions are checked here by reading their source.
 */
import fs from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { exportedMethods, listAppRoutes, PUBLIC_ROUTES } from "./app-routes";

const routes = listAppRoutes().filter((route) => route.kind === "route");
const protectedRoutes = routes.filter((route) => !(route.pattern in PUBLIC_ROUTES));

describe("anonymous requests to route handlers", () => {
  test("the walk finds the known routes", () => {
    expect(routes.map((route) => route.pattern)).toEqual(
      expect.arrayContaining(["/api/auth/[...nextauth]", "/api/webhooks/100ms", "/sessions/[id]/attendance.csv"]),
    );
  });

  for (const route of protectedRoutes) {
    const methods = exportedMethods(route.file);

    test(`${route.pattern} exports a handler`, () => {
      expect(methods.length).toBeGreaterThan(0);
    });

    for (const method of methods) {
      test(`${method} ${route.pattern} gets 401`, async () => {
        const handlers = (await import(path.resolve(route.file))) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
        const hasBody = method !== "GET" && method !== "HEAD";
        const request = new Request(`http://localhost${route.samplePath}`, {
          method,
          headers: hasBody ? { "content-type": "application/json" } : {},
          body: hasBody ? "{}" : undefined,
        });
        const response = await handlers[method](request, { params: Promise.resolve(route.sampleParams) });
        expect(response.status).toBe(401);
      });
    }
  }
});

/** Exported functions of "use server" files that may run without a session, with the reason. */
const PUBLIC_ACTIONS: Record<string, string> = {
  completeSetupAction: "completes a one-time setup link; completeSetup checks the token",
};

function serverActionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverActionFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && /^\s*["']use server["']/.test(fs.readFileSync(full, "utf8")) ? [full] : [];
  });
}

describe("server actions", () => {
  const files = [...serverActionFiles(path.resolve("app")), ...serverActionFiles(path.resolve("lib"))];

  test("the walk finds the known action files", () => {
    expect(files.map((file) => path.relative(process.cwd(), file).split(path.sep).join("/"))).toEqual(
      expect.arrayContaining(["app/admin/users/actions.ts", "app/setup/[token]/actions.ts"]),
    );
  });

  for (const file of files) {
    // Each exported function's text runs up to the next top-level `export`.
    const source = fs.readFileSync(file, "utf8");
    const chunks = source.split(/^export\s+/m).slice(1);
    for (const chunk of chunks) {
      const name = /^(?:async\s+)?function\s+(\w+)|^(?:const|let)\s+(\w+)/.exec(chunk);
      const actionName = name?.[1] ?? name?.[2] ?? chunk.slice(0, 40);
      test(`${path.basename(path.dirname(file))}/${path.basename(file)} ${actionName} checks the session`, () => {
        if (actionName in PUBLIC_ACTIONS) return;
        expect(chunk).toMatch(/await requireActionViewer\(\)/);
      });
    }
  }
});
