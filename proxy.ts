import { NextResponse, type NextRequest } from "next/server";

import { contentSecurityPolicy } from "./lib/http/security-headers";

/**
 * Gives each request a fresh CSP nonce. Next.js reads the policy from the
 * request header to put the nonce on its scripts, and the browser enforces the
 * policy from the response header. Access control is not done here: every
 * page and route handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Route handlers under /api/ return JSON and get a fixed policy from next.config.mjs.
      // next-auth's are the exception, because they can render HTML pages.
      source: "/((?!_next/static|_next/image|favicon.ico|api/(?!auth/)).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
