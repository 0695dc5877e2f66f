import { AgencyMappingTable, createDefaultUnitRegistry, loadDefaultUnitRegistry } from '@dossier-ledger/units';
import type { LocalDate } from '@dossier-ledger/calendar';
import { RegistryUnitHierarchy } from './registry-unit-hierarchy';

const registry = loadDefaultUnitRegistry();
const hierarchy = new RegistryUnitHierarchy(registry);
const [oldEra, newEra] = registry.eras.map((e) => e.id);

describe('RegistryUnitHierarchy', () => {
  it('rolls a 2024 commune dossier up its three-level chain, and into the post-reform tree', () => {
    const chains = hierarchy.reportChains('00004', '2024-05-02' as LocalDate);
    expect(chains[0]).toEqual({ era: oldEra, level: 'commune', path: ['00004', '001', '01'] });
    expect(chains).toHaveLength(2);
    expect(chains[1].era).toBe(newEra);
    expect(chains[1].path.at(-1)).toBe('01');
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
