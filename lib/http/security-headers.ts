/**
 * The content security policy, set per request by proxy.ts (the fixed
 * security headers are in next.config.mjs). The content security policy allows
 * scripts only with the per-request nonce that Next.js puts on its own
 * scripts (it reads the nonce from the request's Content-Security-Policy header).
 */

/** Builds the content security policy for one response. */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonced Next.js loader start the chunks it loads; dev mode's React needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // React and Next.js set style attributes, which a nonce cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
