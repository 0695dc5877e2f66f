/** Shifts the decimal point of `value` by `places` through its decimal string (no binary error added). */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/**
 * Rounds half up to `places` decimals on the decimal representation (1.005 → 1.01, which
 * `Math.round(1.005 * 100) / 100` gets wrong). Used for the non-negative points and totals of scores.
 */
export function roundTo(value: number, places: number): number {
  if (!Number.isFinite(value)) return value;
  const result = shiftDecimal(Math.round(shiftDecimal(value, places)), -places);
  return Object.is(result, -0) ? 0 : result;
}

/** True when `value` has no more than `places` decimals. */
export function hasAtMostDecimals(value: number, places: number): boolean {
  return Number.isFinite(value) && roundTo(value, places) === value;
}
