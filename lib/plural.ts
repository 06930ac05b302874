/** Formats a count with its noun, such as "1 session" or "3 sessions". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
