import { createDefaultUnitRegistry } from '@dossier-ledger/units';
import { ApiError } from '../http/api-error';
import { assertUnitInScope, UnitScopeChecker } from './unit-scope';

describe('unit scope', () => {
  const checker = new UnitScopeChecker(createDefaultUnitRegistry(), () => '2025-09-01');

  it('accepts the unit itself and units below it on the event date', () => {
    expect(checker.check(['22'], '22', '2023-01-05')).toEqual({ kind: 'in', unitCode: '22' });
    expect(checker.check(['22'], '06649', '2023-01-05').kind).toBe('in'); // a commune of Hạ Long
    expect(checker.check(['193'], '06649', '2023-01-05').kind).toBe('in'); // its district
  });

  it('refuses units of another subtree, and says when the unit is unknown', () => {
    expect(checker.check(['193'], '00001', '2023-01-05')).toEqual({ kind: 'out', unitCode: '00001' });
    expect(checker.check(['22'], 'ZZ999', '2023-01-05')).toEqual({ kind: 'unknown' });
  });

  it('maps registered agency codes to their unit', () => {
    expect(checker.check(['22'], '000.00.00.H49', '2023-01-05')).toEqual({ kind: 'in', unitCode: '22' });
  });

  it('accepts an old-hierarchy unit for a key scoped with today’s province', () => {
    expect(checker.check(['22'], '193', '2023-01-05').kind).toBe('in');
  });

  it('throws 403 naming the unit', () => {
    const principal = { keyId: 'k1', source: 's', scope: ['193'], roles: ['write' as const] };
    expect(() => assertUnitInScope(principal, '00001', '2023-01-05', checker)).toThrow(ApiError);
    expect(() => assertUnitInScope(principal, '00001', '2023-01-05', checker)).toThrow(
      /Unit 00001 is outside the scope of key k1/,
    );
    expect(() => assertUnitInScope(principal, '06649', '2023-01-05', checker)).not.toThrow();
  });
});
