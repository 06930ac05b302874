import NextAuth from "next-auth";

import { buildAuthOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth's own endpoints (CSRF token, credentials callback, sign-out). The
// options are built per request so that the secret is read after start-up validation.
async function handle(request: Request, context: Context): Promise<Response> {
  const handler = NextAuth(buildAuthOptions());
  return handler(request, context);
}

export { handle as GET, handle as POST };
