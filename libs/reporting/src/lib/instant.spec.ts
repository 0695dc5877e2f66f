import { localDateOf, toDayNumber } from '@dossier-ledger/calendar';
import fc from 'fast-check';
import { localDayOfInstant, parseInstant } from './instant';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Instants in the shapes the contract accepts: optional seconds and fraction, Z or ±HH:mm. */
const isoArb = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
    offset: fc.oneof(fc.constant(0), fc.constant(420), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })),
    seconds: fc.boolean(),
    fraction: fc.constantFrom('', '.1', '.12', '.123', '.123456', '.999999999'),
    zulu: fc.boolean(),
  })
  .map(({ ms, offset, seconds, fraction, zulu }) => {
    const useZ = zulu && offset === 0;
    const local = new Date(ms + offset * 60_000);
    const base = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
    const sec = seconds ? `:${pad(local.getUTCSeconds())}${fraction}` : '';
    const sign = offset < 0 ? '-' : '+';
    const zone = useZ ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    return `${base}${sec}${zone}`;
  });

describe('parseInstant / localDayOfInstant', () => {
  it('agrees with Date.parse and with the calendar local date', () => {
    fc.assert(
      fc.property(isoArb, (iso) => {
        expect(parseInstant(iso)).toBe(Date.parse(iso));
        expect(localDayOfInstant(iso)).toBe(toDayNumber(localDateOf(iso)));
      }),
      { numRuns: 2000 },
    );
  });

  it('handles the edges of the local day and unreadable input', () => {
    expect(localDayOfInstant('2024-01-31T17:00:00Z')).toBe(toDayNumber(localDateOf('2024-02-01T00:00:00+07:00')));
    expect(localDayOfInstant('2024-01-31T16:59:59.999Z')).toBe(toDayNumber(localDateOf('2024-01-31T23:59:59+07:00')));
    expect(parseInstant('2024-02-29T10:00:00+07:00')).toBe(Date.parse('2024-02-29T10:00:00+07:00'));
    expect(parseInstant('not a date')).toBeNaN();
    expect(localDayOfInstant('2024-13-01T10:00:00+07:00')).toBeNaN();
  });
});
