import { hasAtMostDecimals, roundTo } from './rounding';

describe('roundTo', () => {
  it.each([
    [1.005, 2, 1.01],
    [4.125, 2, 4.13],
    [17.8795, 2, 17.88],
    [4.4665, 2, 4.47],
    [1.4999999999999996, 2, 1.5],
    [6.666666666666667e-7, 2, 0],
    [2.5, 0, 3],
    [0, 2, 0],
    [100, 2, 100],
  ])('roundTo(%p, %p) = %p (half up, on the decimal representation)', (value, places, expected) => {
    expect(roundTo(value, places)).toBe(expected);
  });

  it('knows how many decimals a number has', () => {
    expect(hasAtMostDecimals(1.6, 2)).toBe(true);
    expect(hasAtMostDecimals(1.234, 2)).toBe(false);
    expect(hasAtMostDecimals(Number.NaN, 2)).toBe(false);
  });
});
