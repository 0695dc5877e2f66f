/**
 * Number formats printed on Vietnamese administrative forms:
 * "." groups thousands, "," separates decimals, and a percent sign after a space.
 * Hand-rolled (not Intl) so output does not depend on the runtime's ICU data.
 */

export interface NumberFormatOptions {
  /** Fixed number of decimals. Default: none for integers, otherwise up to 2 with trailing zeros dropped. */
  readonly fractionDigits?: number;
}

function assertFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${what} must be a finite number, got ${String(value)}`);
  }
}

function assertDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > 10) {
    throw new RangeError(`fractionDigits must be an integer 0–10, got ${digits}`);
  }
}

/** Rounds half away from zero at `digits` decimals; toPrecision(15) absorbs binary noise (0.894 * 1000). */
function scaledRound(value: number, digits: number): number {
  const raw = Math.abs(value) * 10 ** digits;
  // Beyond 15 significant digits toPrecision would drop real digits; integers need no help.
  return Math.round(Number.isInteger(raw) || raw >= 1e15 ? raw : Number(raw.toPrecision(15)));
}

function groupThousands(integerDigits: string): string {
  let out = '';
  for (let i = 0; i < integerDigits.length; i++) {
    if (i > 0 && (integerDigits.length - i) % 3 === 0) out += '.';
    out += integerDigits[i];
  }
  return out;
}

function format(value: number, digits: number, trimZeros: boolean): string {
  const units = scaledRound(value, digits);
  const sign = value < 0 && units !== 0 ? '-' : '';
  // BigInt keeps digits exact for large integers (above 2^53 / 10^digits toString would go exponential).
  const raw = BigInt(units)
    .toString()
    .padStart(digits + 1, '0');
  const intPart = raw.slice(0, raw.length - digits);
  let fracPart = raw.slice(raw.length - digits);
  if (trimZeros) fracPart = fracPart.replace(/0+$/, '');
  return `${sign}${groupThousands(intPart)}${fracPart ? `,${fracPart}` : ''}`;
}

/** 20845 → "20.845"; 1234.5 → "1.234,5"; with fractionDigits 2: "1.234,50". */
export function formatNumberVi(value: number, options: NumberFormatOptions = {}): string {
  assertFinite(value, 'value');
  if (options.fractionDigits !== undefined) {
    assertDigits(options.fractionDigits);
    return format(value, options.fractionDigits, false);
  }
  return format(value, Number.isInteger(value) ? 0 : 2, true);
}

/** A ratio as a percentage: 0.894 → "89,4 %" (one decimal by default; 1 → "100,0 %"). */
export function formatPercentVi(ratio: number, options: NumberFormatOptions = {}): string {
  assertFinite(ratio, 'ratio');
  const digits = options.fractionDigits ?? 1;
  assertDigits(digits);
  return `${format(ratio * 100, digits, false)} %`;
}
