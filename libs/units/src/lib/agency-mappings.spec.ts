import {
  AgencyMappingError,
  AgencyMappingTable,
  addAgencyUnit,
  mappingsFromCsv,
  parseAgencyCsv,
  validateAgencyMapping,
} from './agency-mappings';
import { createDefaultUnitRegistry } from './default-registry';

// Xã Chí Minh: commune 11095 (district 298) before the 07/2025 reform, 11131 after it.
const units = createDefaultUnitRegistry();
const AGENCY = '000.41.95.H30';

describe('effective-dated agency mappings', () => {
  it('moves an agency to its post-reform commune from the reform date, closing the old period the day before', () => {
    const first = addAgencyUnit(undefined, AGENCY, '11095', null, units);
    const moved = addAgencyUnit(first.mapping, AGENCY, '11131', '2025-07-01', units);
    expect(moved.changed).toBe(true);
    expect(moved.mapping.periods).toEqual([
      { unitCode: '11095', validFrom: null, validTo: '2025-06-30' },
      { unitCode: '11131', validFrom: '2025-07-01', validTo: null },
    ]);
    const table = new AgencyMappingTable([moved.mapping]);
    expect(table.unitFor(AGENCY, '2024-05-01')).toBe('11095');
    expect(table.unitFor(AGENCY, '2025-06-30')).toBe('11095');
    expect(table.unitFor(AGENCY, '2025-07-01')).toBe('11131');
    expect(table.unitFor(AGENCY)).toBe('11131');
    expect(table.unitFor('000.00.00.H01', '2024-05-01')).toBeUndefined();
  });

  it('answers "unchanged" for the same unit again, and refuses to silently re-map an agency', () => {
    const first = addAgencyUnit(undefined, AGENCY, '11095', null, units);
    expect(addAgencyUnit(first.mapping, AGENCY, '11095', null, units).changed).toBe(false);
    expect(() => addAgencyUnit(first.mapping, AGENCY, '22', null, units)).toThrow(/validFrom: .*mapped to 11095/);
  });

  it('checks the unit exists on the date its period starts', () => {
    // 11095 does not exist after the reform.
    expect(() => addAgencyUnit(undefined, AGENCY, '11095', '2025-08-01', units)).toThrow(
      /periods\[0\]\.unitCode: "11095" is not a unit on 2025-08-01/,
    );
    expect(() => addAgencyUnit(undefined, 'H30', '11095', null, units)).toThrow(/agency code/);
  });

  it('refuses overlapping periods and reversed dates, naming the field', () => {
    expect(() =>
      validateAgencyMapping(
        {
          agencyCode: AGENCY,
          periods: [
            { unitCode: '11095', validFrom: null, validTo: '2025-07-01' },
            { unitCode: '11131', validFrom: '2025-07-01', validTo: null },
          ],
        },
        units,
      ),
    ).toThrow(/periods: .* overlap/);
    expect(() =>
      validateAgencyMapping(
        { agencyCode: AGENCY, periods: [{ unitCode: '11131', validFrom: '2025-08-01', validTo: '2025-07-31' }] },
        units,
      ),
    ).toThrow(/periods\[0\]\.validTo: 2025-07-31 is before validFrom 2025-08-01/);
  });

  it('reads a CSV into one history per agency and names the bad line', () => {
    const rows = parseAgencyCsv(
      'agencyCode,unitCode,validFrom,validTo\n' +
        `${AGENCY},11095,,2025-06-30\n` +
        `${AGENCY},11131,2025-07-01,\n` +
        '000.00.00.h49,22\n',
    );
    const mappings = mappingsFromCsv(rows, units);
    expect(mappings.map((m) => [m.agencyCode, m.periods.length])).toEqual([
      [AGENCY, 2],
      ['000.00.00.H49', 1],
    ]);
    expect(() => parseAgencyCsv('agency,unit\n')).toThrow(/line 1: the header/);
    expect(() => parseAgencyCsv('agencyCode,unitCode,validFrom,validTo\nX,1,01/07/2025\n')).toThrow(
      /line 2: validFrom "01\/07\/2025" is not a date/,
    );
    expect(() => mappingsFromCsv(parseAgencyCsv(`agencyCode,unitCode\n${AGENCY},99999\n`), units)).toThrow(
      AgencyMappingError,
    );
  });

  it('lets the registry swap its table and report the change', () => {
    const registry = createDefaultUnitRegistry();
    const before = registry.agencyVersion;
    expect(registry.unitForAgency(AGENCY)).toBeUndefined();
    registry.setAgencyMappings(
      new AgencyMappingTable([addAgencyUnit(undefined, AGENCY, '11095', null, units).mapping]),
    );
    expect(registry.unitForAgency(AGENCY, '2024-01-01')).toBe('11095');
    expect(registry.agencyVersion).toBe(before + 1);
  });
});
