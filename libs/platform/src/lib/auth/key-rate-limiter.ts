/** Requests per key: a sustained rate and the burst a client may spend at once. 0 requests/s: no limit. */
export interface KeyRateLimit {
  perSecond: number;
  burst: number;
}

const MAX_TRACKED_KEYS = 100_000;

/**
 * A token bucket per API key, in this instance's memory (each replica limits on its own: the
 * service-wide limit is the per-instance one times the replicas). `take` answers 0 when the request
 * may go on, else the seconds to wait before the next one would be allowed (for Retry-After).
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: KeyRateLimit,
    private readonly clock: () => number = Date.now,
  ) {}

  take(keyId: string): number {
    if (this.limit.perSecond <= 0) return 0;
    const now = this.clock();
    const bucket = this.buckets.get(keyId) ?? { tokens: this.limit.burst, at: now };
    const tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    if (this.buckets.size >= MAX_TRACKED_KEYS && !this.buckets.has(keyId)) this.buckets.clear();
    if (tokens >= 1) {
      this.buckets.set(keyId, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.buckets.set(keyId, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / this.limit.perSecond));
  }
}
