import { AgencyMappingTable, createDefaultUnitRegistry, loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { LocalDate } from '@dossier-ledger/calendar';
import { RegistryUnitHierarchy } from './registry-unit-hierarchy';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const [oldEra, midEra, newEra] = registry.eras.map((e) => e.id);

describe('RegistryUnitHierarchy', () => {
  it('rolls a 2024 commune dossier up its three-level chain, and into the two later trees', () => {
    const chains = hierarchy.reportChains('00004', '2024-05-02' as LocalDate);
    expect(chains[0]).toEqual({ era: oldEra, level: 'commune', path: ['00004', '001', '01'] });
    expect(chains).toHaveLength(3);
    expect(chains[1]).toEqual({ era: midEra, level: 'commune', path: ['00004', '001', '01'] });
    expect(chains[2].era).toBe(newEra);
    expect(chains[2].path.at(-1)).toBe('01');
  });

  it('rolls a 2024 dossier of a commune merged before 30/06/2025 up in all three trees', () => {
    // 00010 Phường Nguyễn Trung Trực went into 00004 Phường Trúc Bạch, which is in Phường Ba Đình since 07/2025.
    expect(hierarchy.reportChains('00010', '2024-05-02' as LocalDate)).toEqual([
      { era: oldEra, level: 'commune', path: ['00010', '001', '01'] },
      { era: midEra, level: 'commune', path: ['00004', '001', '01'] },
      { era: newEra, level: 'commune', path: ['00004', '01'] },
    ]);
  });

  it("counts a merged commune's old code still sent in 2025-02 under its absorber, not as unknown", () => {
    const fresh = new RegistryUnitHierarchy(registry);
    expect(fresh.reportChains('00010', '2025-02-10' as LocalDate)).toEqual([
      { era: midEra, level: 'commune', path: ['00004', '001', '01'] },
      { era: newEra, level: 'commune', path: ['00004', '01'] },
    ]);
    expect(fresh.unknownUnits.size).toBe(0);
  });

  it('gives a dossier received after the reform only the new tree', () => {
    const commune = registry.units('2025-08-01', 'commune')[0];
    const chains = hierarchy.reportChains(commune.code, '2025-08-01' as LocalDate);
    expect(chains.map((c) => c.era)).toEqual([newEra]);
    expect(chains[0].path[0]).toBe(commune.code);
  });

  it('has no chain for an unknown code, and says so', () => {
    expect(hierarchy.reportChains('XYZ', '2024-01-01' as LocalDate)).toEqual([]);
    expect(hierarchy.unknownUnits.has('XYZ')).toBe(true);
  });

  // Xã Chí Minh: commune 11095 (district 298, province 30) until 30/06/2025, 11131 (province 31) after.
  const AGENCY = '000.41.95.H30';
  const moved = new AgencyMappingTable([
    {
      agencyCode: AGENCY,
      periods: [
        { unitCode: '11095', validFrom: null, validTo: '2025-06-30' },
        { unitCode: '11131', validFrom: '2025-07-01', validTo: null },
      ],
    },
  ]);

  it('maps an agency code to the unit it stood for on the receipt date', () => {
    const dated = createDefaultUnitRegistry();
    dated.setAgencyMappings(moved);
    const chains = new RegistryUnitHierarchy(dated);
    expect(chains.reportChains(AGENCY, '2024-05-06' as LocalDate)[0]).toEqual({
      era: oldEra,
      level: 'commune',
      path: ['11095', '298', '30'],
    });
    expect(chains.reportChains(AGENCY, '2025-03-06' as LocalDate)[0]).toMatchObject({
      era: midEra,
      path: ['11095', '298', '30'],
    });
    expect(chains.reportChains(AGENCY, '2025-08-01' as LocalDate)).toEqual([
      { era: newEra, level: 'commune', path: ['11131', '31'] },
    ]);
  });

  it('follows a changed agency table from then on', () => {
    const changing = createDefaultUnitRegistry();
    const chains = new RegistryUnitHierarchy(changing);
    expect(chains.reportChains(AGENCY, '2024-05-06' as LocalDate)).toEqual([]); // not mapped yet
    changing.setAgencyMappings(moved);
    expect(chains.reportChains(AGENCY, '2024-05-06' as LocalDate)[0]?.path[0]).toBe('11095');
  });
});
