/**
 * Returns a dynamic route segment as text. Next.js passes some page params
 * still percent-encoded: a user_id such as `ann@example.org` arrives as
 * `ann%40example.org`. Text that is not valid percent-encoding is returned
 * unchanged.
 */
export function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
