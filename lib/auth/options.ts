/** next-auth configuration: email and password sign-in, sessions as encrypted JWT cookies. */
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

import { logger } from "../logger";
import { authorizeCredentials, clientAddressOf } from "./credentials";
import { getAuthSecret } from "./secret";
import { secureCookiesEnabled, sessionMaxAgeSeconds } from "./session-token";

export const SIGN_IN_PATH = "/sign-in";

export function buildAuthOptions(): AuthOptions {
  return {
    secret: getAuthSecret(),
    useSecureCookies: secureCookiesEnabled(),
    session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds() },
    jwt: { maxAge: sessionMaxAgeSeconds() },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials, request) => authorizeCredentials(credentials ?? {}, clientAddressOf(request?.headers)),
      }),
    ],
    callbacks: {
      // The token carries the user id in `sub`; role and rooms are read from the database on each request.
      jwt: ({ token, user }) => (user ? { sub: user.id, email: user.email, name: user.name } : token),
      session: ({ session, token }) => ({ ...session, user: { ...session.user, id: token.sub } }),
    },
    logger: {
      error: (code, metadata) => logger.error({ event: "auth.next_auth_error", code, err: metadata }, "next-auth error"),
      // next-auth warns about a missing NEXTAUTH_URL on every request; the dashboard builds its own redirects.
      warn: (code) => logger.debug({ event: "auth.next_auth_warning", code }, "next-auth warning"),
      debug: (code) => logger.debug({ event: "auth.next_auth_debug", code }, "next-auth debug"),
    },
  };
}
