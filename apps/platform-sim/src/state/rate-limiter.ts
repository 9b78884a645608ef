/** A sliding-window limit per key (TikTok: 6 inits a minute per token), as the platforms apply them. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Records a hit and says whether it is within `limit` per `windowMs`; when not, how long until it would be. */
  hit(
    key: string,
    limit: number,
    windowMs: number,
  ): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterMs: (recent[0] ?? now) + windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  clear(): void {
    this.hits.clear();
  }
}

/** At most `limit` requests in flight per key (Mailchimp: 10 connections per user). */
export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  tryAcquire(key: string, limit: number): (() => void) | null {
    const current = this.inFlight.get(key) ?? 0;
    if (current >= limit) return null;
    this.inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
  }

  clear(): void {
    this.inFlight.clear();
  }
}
