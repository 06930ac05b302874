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
