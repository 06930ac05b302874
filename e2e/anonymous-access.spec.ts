/**
 * Every page and route under app/ refuses anonymous visitors on the real
 * production server: pages redirect to the sign-in page, route handlers
 * return 401.
 *
 * The list comes from walking app/ (tests/app-routes.ts), so a page.tsx or
 * route.ts added later is requested here without being registered. A new page
 * that does not call requireViewer() renders (200) or answers 404 for the
 * probe id instead of redirecting, and this test fails. Only PUBLIC_ROUTES
 * are exempt.
 */
import { expect, test } from "@playwright/test";

import { exportedMethods, listAppRoutes, PUBLIC_ROUTES } from "../tests/app-routes";

const routes = listAppRoutes().filter((route) => !(route.pattern in PUBLIC_ROUTES));

test("every page redirects and every route answers 401 without sign-in", async ({ request }) => {
  expect(routes.map((route) => route.pattern)).toEqual(expect.arrayContaining(["/", "/sessions", "/sessions/[id]", "/people/[userId]"]));

  for (const route of routes) {
    if (route.kind === "page") {
      const response = await request.get(route.samplePath, { maxRedirects: 0 });
      expect(response.status(), `${route.file} at ${route.samplePath}`).toBe(307);
      expect(response.headers().location, route.file).toMatch(/^\/sign-in(\?callbackUrl=|$)/);
      continue;
    }

    for (const method of exportedMethods(route.file)) {
      const response = await request.fetch(route.samplePath, { method, maxRedirects: 0, data: method === "GET" || method === "HEAD" ? undefined : {} });
      expect(response.status(), `${method} ${route.file} at ${route.samplePath}`).toBe(401);
    }
  }
});

test("sign-in page is public and carries the security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
});

test("JSON routes carry a policy that loads nothing", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(health.headers()["x-content-type-options"]).toBe("nosniff");

  // next-auth's routes can render HTML, so they keep the page policy with its nonce.
  const providers = await request.get("/api/auth/providers");
  expect(providers.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
});
