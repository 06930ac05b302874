/**
 * Returns `value` when it is a path on this site (such as /sessions?room=a), else the fallback; blocks open redirects.
 * Browsers drop tabs and line breaks from URLs, so `/\t/evil.example` would become `//evil.example`: any control
 * character or backslash rejects the value.
 */
export function safeReturnPath(value: unknown, fallback = "/sessions"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  return value;
}
