import { loadDefaultUnitRegistry } from './default-registry';
import { deriveProvinceMapping } from './era-transition';
import type { MappingRow } from './unit-types';

describe('deriveProvinceMapping', () => {
  const prov = (code: string) => code.slice(0, 2);

  it('picks the new province most communes go to, lowest code on ties', () => {
    const rows: MappingRow[] = [
      ['10001', '30001', 's'],
      ['10002', '30002', 's'],
      ['10003', '40001', 's'],
      ['20001', '50001', 's'],
      ['20002', '40001', 's'],
    ];
    const result = deriveProvinceMapping(rows, prov, prov);
    expect(result.get('10')).toEqual({ province: '30', votes: 2, total: 3 });
    expect(result.get('20')).toEqual({ province: '40', votes: 1, total: 2 });
  });

  it('ignores rows whose codes are unknown on either side', () => {
    const rows: MappingRow[] = [['10001', '30001', 's']];
    expect(deriveProvinceMapping(rows, () => undefined, prov).size).toBe(0);
  });
});

describe('province mapping of the 2025 reform (derived from the commune mapping)', () => {
  const registry = loadDefaultUnitRegistry();
  const oldProvinces = registry.units('2025-06-30', 'province');
  const targets = oldProvinces.map((p) => registry.resolveForReport(p.code, '2025-07-01').unit.code);

  it('maps all 63 old provinces onto all 34 new ones', () => {
    expect(new Set(targets).size).toBe(34);
  });

  it('keeps a province in its own new province when the code survives with the same territory', () => {
    expect(registry.resolveForReport('01', '2025-07-01').unit.code).toBe('01'); // Hà Nội
    expect(registry.resolveForReport('46', '2025-07-01').unit.code).toBe('46'); // Huế
    expect(registry.resolveForReport('74', '2025-07-01').unit.code).toBe('79'); // Bình Dương -> TP.HCM
  });
});
