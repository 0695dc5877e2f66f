import { loadDefaultUnitRegistry } from './default-registry';
import { buildReportPath } from './report-path';

describe('report path', () => {
  const registry = loadDefaultUnitRegistry();
  const codes = (chain: readonly { code: string }[]) => chain.map((u) => u.code);

  it('lists a commune dossier under its commune, district and province before the reform', () => {
    const path = buildReportPath(registry, '00001', '2025-06-30');
    expect(codes(path.chain)).toEqual(['00001', '001', '01']);
    expect(path.level).toBe('commune');
  });

  it('keeps district-level dossiers at the district before the reform', () => {
    const path = registry.reportPath('001', '2025-03-31');
    expect(codes(path.chain)).toEqual(['001', '01']);
    expect(path.level).toBe('district');
  });

  it('applies the reform rule for windows ending after 01/07/2025', () => {
    const commune = registry.reportPath('00001', '2025-12-31');
    expect(codes(commune.chain)).toEqual(['00097', '01']);
    expect(commune.level).toBe('commune');
    const district = registry.reportPath('001', '2025-12-31');
    expect(codes(district.chain)).toEqual(['01']);
    expect(district.level).toBe('province');
    expect(district.resolution.from.level).toBe('district');
  });
});
