import { KeyRateLimiter } from './key-rate-limiter';

describe('KeyRateLimiter', () => {
  it('lets a burst through, then one request per 1/rate seconds, per key', () => {
    let now = 0;
    const limiter = new KeyRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a'))).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1); // empty: retry after a second (rounded up)
    expect(limiter.take('b')).toBe(0); // another key has its own bucket
    now = 500; // half a second: one token back
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    now = 10_000; // refilled, but never beyond the burst
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([0, 0, 0, 1]);
  });

  it('asks for a longer wait when the rate is low', () => {
    const limiter = new KeyRateLimiter({ perSecond: 0.1, burst: 1 }, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
  });

  it('does nothing at 0 requests/s', () => {
    const limiter = new KeyRateLimiter({ perSecond: 0, burst: 0 }, () => 0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a')).every((wait) => wait === 0)).toBe(true);
  });
});
