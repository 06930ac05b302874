/** Number of people in one 10 % band of presence share. */
export interface PresenceBand {
  /** Label such as "30–40%". */
  band: string;
  people: number;
}

/** Counts people per 10 % band of presence share, from 0–10 % to 90–100 %. */
export function presenceBands(shares: readonly number[]): PresenceBand[] {
  const counts = new Array<number>(10).fill(0);
  for (const share of shares) counts[Math.min(9, Math.max(0, Math.floor(share * 10)))]++;
  return counts.map((people, index) => ({ band: `${index * 10}–${index * 10 + 10}%`, people }));
}
