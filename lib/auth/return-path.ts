/** Returns `value` when it is a path on this site (such as /sessions?room=a), else the fallback; blocks open redirects. */
export function safeReturnPath(value: unknown, fallback = "/sessions"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
