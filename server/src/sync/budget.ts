// A token bucket: `burst` tokens at most, refilled continuously at `perSecond`. Each message takes one;
// a message that finds the bucket empty is over budget. Refill is computed lazily on use, so an idle
// connection costs nothing. A bucket with burst 0 is unlimited.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when none is left (the caller refuses the message). */
  take(): boolean {
    if (this.burst <= 0) return true;
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
