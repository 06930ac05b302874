/**
 * Display rounding. Figures are summed in milliseconds first and rounded
 * only here, so 3 × 20 s shows as 1.00 minute, never 0.99.
 */

/** Formats milliseconds as minutes with two decimals, such as "38.00". */
export function formatMinutes(ms: number): string {
  return (Math.round(ms / 600) / 100).toFixed(2);
}

/** Formats a share from 0 to 1 as a percentage with one decimal, such as "95.0". */
export function formatPercent(share: number): string {
  return (Math.round(share * 1000) / 10).toFixed(1);
}

/** Formats milliseconds as a clock duration "H:MM:SS", truncated to whole seconds, such as "1:05:09". */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${hours}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}
