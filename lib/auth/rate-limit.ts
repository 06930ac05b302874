/**
 * Counts failed sign-ins per key (an account's email or a client address)
 * within a sliding window. Once a key reaches its limit, sign-in for that key
 * is blocked until its oldest counted failure leaves the window.
 *
 * NOTE: counts live in this process's memory, so they reset on restart and
 * are not shared between several server processes.
 */
export interface FailureLimit {
  maxFailures: number;
  windowMs: number;
}

export class FailureCounter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: FailureLimit) {}

  /** Returns the milliseconds until `key` may try again, or 0 when it is not blocked. */
  retryAfterMs(key: string, nowMs: number): number {
    const recent = this.prune(key, nowMs);
    if (recent.length < this.limit.maxFailures) return 0;
    return recent[recent.length - this.limit.maxFailures] + this.limit.windowMs - nowMs;
  }

  /** Records one failure and returns the failures of `key` now in the window. */
  recordFailure(key: string, nowMs: number): number {
    const recent = this.prune(key, nowMs);
    recent.push(nowMs);
    this.failures.set(key, recent);
    return recent.length;
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private prune(key: string, nowMs: number): number[] {
    const recent = (this.failures.get(key) ?? []).filter((atMs) => atMs > nowMs - this.limit.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }
}
