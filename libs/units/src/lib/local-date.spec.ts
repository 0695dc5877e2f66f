import { isIsoLocalDate } from '@dossier-ledger/calendar';
import { assertLocalDate } from './local-date';
import { InvalidLocalDateError } from './unit-errors';

describe('local dates', () => {
  it.each(['2025-07-01', '2024-02-29', '0001-01-01'])('accepts %s', (d) => {
    expect(isIsoLocalDate(d)).toBe(true);
    expect(() => assertLocalDate(d)).not.toThrow();
  });

  it.each(['2025-02-29', '2025-13-01', '2025-7-1', '2025-07-01T00:00:00', '', 20250701, null])('rejects %p', (d) => {
    expect(isIsoLocalDate(d)).toBe(false);
    expect(() => assertLocalDate(d)).toThrow(InvalidLocalDateError);
  });
});
