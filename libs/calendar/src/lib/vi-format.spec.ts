import { formatNumberVi, formatPercentVi } from './vi-format';

describe('formatNumberVi', () => {
  it('groups thousands with dots', () => {
    expect(formatNumberVi(20845)).toBe('20.845');
    expect(formatNumberVi(0)).toBe('0');
    expect(formatNumberVi(999)).toBe('999');
    expect(formatNumberVi(1000)).toBe('1.000');
    expect(formatNumberVi(17604)).toBe('17.604');
    expect(formatNumberVi(1234567)).toBe('1.234.567');
    expect(formatNumberVi(-2705)).toBe('-2.705');
    expect(formatNumberVi(9007199254740991)).toBe('9.007.199.254.740.991');
  });

  it('uses a decimal comma', () => {
    expect(formatNumberVi(1234.5)).toBe('1.234,5');
    expect(formatNumberVi(2.456)).toBe('2,46');
    expect(formatNumberVi(1234.5, { fractionDigits: 2 })).toBe('1.234,50');
    expect(formatNumberVi(1.005, { fractionDigits: 2 })).toBe('1,01');
    expect(formatNumberVi(-0.001, { fractionDigits: 1 })).toBe('0,0');
    expect(formatNumberVi(20845.4, { fractionDigits: 0 })).toBe('20.845');
  });

  it('rejects non-finite values and bad digit counts', () => {
    expect(() => formatNumberVi(Number.NaN)).toThrow(RangeError);
    expect(() => formatNumberVi(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatNumberVi(1, { fractionDigits: -1 })).toThrow(RangeError);
  });
});

describe('formatPercentVi', () => {
  it('prints a ratio as a percentage with one decimal, comma and spaced sign', () => {
    expect(formatPercentVi(0.894)).toBe('89,4 %');
    expect(formatPercentVi(15739 / 17604)).toBe('89,4 %');
    expect(formatPercentVi(1)).toBe('100,0 %');
    expect(formatPercentVi(0)).toBe('0,0 %');
    expect(formatPercentVi(0.00049)).toBe('0,0 %');
    expect(formatPercentVi(0.0005)).toBe('0,1 %');
    expect(formatPercentVi(12.5)).toBe('1.250,0 %');
    expect(formatPercentVi(0.8945, { fractionDigits: 2 })).toBe('89,45 %');
    expect(formatPercentVi(0.5, { fractionDigits: 0 })).toBe('50 %');
  });

  it('rejects a ratio that is not a finite number (e.g. 0/0)', () => {
    expect(() => formatPercentVi(0 / 0)).toThrow(/finite/);
  });
});
