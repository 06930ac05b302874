import { headers } from "next/headers";

import { getEnv } from "../env";

/** The dashboard's origin for links shown to people: NEXTAUTH_URL when set, else the request's Host header. */
export async function siteOrigin(): Promise<string> {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost";
  const protocol = requestHeaders.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${protocol}://${host}`;
}
