/**
 * Authentication guards for pages, server actions and route handlers. Pages
 * and actions read the session cookie through next/headers; route handlers
 * read it from their Request, so tests can call them without Next's request scope.
 */
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";

import { SIGN_IN_PATH } from "./options";
import { ForbiddenError, isAdmin, type Viewer } from "./permissions";
import { sessionCookieName, viewerFromRequest, viewerFromSessionToken } from "./session-token";

/** Returns the viewer of the current page or action request, or null when nobody is signed in. */
export async function currentViewer(): Promise<Viewer | null> {
  const store = await cookies();
  return viewerFromSessionToken(store.get(sessionCookieName())?.value);
}

/** The sign-in address that returns to `returnTo` (a path on this site) afterwards. */
export function signInHref(returnTo?: string): string {
  return returnTo ? `${SIGN_IN_PATH}?${new URLSearchParams({ callbackUrl: returnTo })}` : SIGN_IN_PATH;
}

/**
 * Returns the signed-in viewer of a page; redirects to the sign-in page,
 * which leads back to `returnTo`, when nobody is signed in.
 */
export async function requireViewer(returnTo?: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(signInHref(returnTo));
  return viewer;
}

/** Like requireViewer, and renders 404 for a signed-in viewer who is not an admin, as if the page did not exist. */
export async function requireAdmin(returnTo?: string): Promise<Viewer> {
  const viewer = await requireViewer(returnTo);
  if (!isAdmin(viewer)) notFound();
  return viewer;
}

/** Returns the viewer of a server action; throws when nobody is signed in. */
export async function requireActionViewer(): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) throw new ForbiddenError("Sign in to do this");
  return viewer;
}

export type RouteAuthentication = { viewer: Viewer; response?: undefined } | { viewer?: undefined; response: Response };

/**
 * Authenticates a route handler's request. Returns the viewer, or a 401
 * response in the format of the route (JSON for API routes, text for downloads).
 */
export async function authenticateRoute(request: Request, format: "json" | "text" = "json"): Promise<RouteAuthentication> {
  const viewer = await viewerFromRequest(request);
  if (viewer) return { viewer };
  const headers = { "www-authenticate": 'Cookie realm="Rollcall"', "cache-control": "no-store" };
  const response =
    format === "json"
      ? Response.json({ error: "Sign in required" }, { status: 401, headers })
      : new Response("Sign in required\n", { status: 401, headers: { ...headers, "content-type": "text/plain; charset=utf-8" } });
  return { response };
}
