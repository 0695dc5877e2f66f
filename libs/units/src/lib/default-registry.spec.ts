import mappingJson from '../data/commune-mapping-2025-07-01.v1.json';
import unrepairedJson from '../data/commune-mapping-unrepaired-2025-07-01.v1.json';
import preJson from '../data/units-2023-04-10.v1.json';
import legacyJson from '../data/units-2025-06-30.v1.json';
import postJson from '../data/units-2025-07-01.v1.json';
import { parseCommuneMapping, parseUnitsDataset } from './dataset-parse';
import { createDefaultUnitRegistry, loadDefaultUnitRegistry } from './default-registry';
import { InvalidUnitDataError } from './unit-errors';
import { UnitRegistry } from './unit-registry';

describe('shipped data files', () => {
  it('carry their source, version and validity in the header', () => {
    expect(parseUnitsDataset(preJson)).toMatchObject({
      id: 'units-2023-04-10.v1',
      sourceVersion: '1.6.0',
      describesDate: '2023-04-10',
      validFrom: null,
      validTo: '2024-12-31',
    });
    expect(parseUnitsDataset(legacyJson)).toMatchObject({
      id: 'units-2025-06-30.v1',
      sourceVersion: expect.stringContaining('737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35'),
      describesDate: '2025-06-30',
      validFrom: '2025-01-01',
      validTo: '2025-06-30',
    });
    expect(parseUnitsDataset(postJson)).toMatchObject({
      id: 'units-2025-07-01.v1',
      validFrom: '2025-07-01',
      validTo: null,
    });
    expect(preJson.counts).toEqual({ p: 63, d: 705, c: 10_599 });
    expect(legacyJson.counts).toEqual({ p: 63, d: 696, c: 10_035 });
    expect(postJson.counts).toEqual({ p: 34, c: 3_321 });
  });

  it('records the validation counts of the source mapping', () => {
    const v = mappingJson.validation;
    expect(v.sourceRows).toBe(10_977);
    expect(v.rowsLackingOldCodeWithOldNames).toBe(938);
    expect(v.rowsNewCodeNotInWardList).toBe(431);
    expect(v.unrepairedRows).toBe(unrepairedJson.rows.length);
    expect(v.preTreeCommunesWithoutMapping).toBe(unrepairedJson.unmappedOldCommunes.length);
    expect(v.preTreeCommunesWithoutMapping).toBe(0);
  });

  it('maps only codes that exist in the two trees', () => {
    const registry = loadDefaultUnitRegistry();
    const mapping = parseCommuneMapping(mappingJson);
    // Keyed on the 30/06/2025 tree, which has the Mộc Châu wards created after 04/2023.
    expect(mapping.fromDataset).toBe('units-2025-06-30.v1');
    expect(mapping.rows.filter(([o]) => !registry.get(o, '2025-06-30'))).toEqual([]);
    expect(mapping.rows.every(([, n]) => registry.get(n, '2025-07-01')?.level === 'commune')).toBe(true);
  });
});

describe('loadDefaultUnitRegistry', () => {
  it('is memoized', () => {
    expect(loadDefaultUnitRegistry()).toBe(loadDefaultUnitRegistry());
    expect(createDefaultUnitRegistry()).not.toBe(loadDefaultUnitRegistry());
  });

  it('rejects overlapping datasets and bad data', () => {
    const pre = parseUnitsDataset(preJson);
    expect(() => new UnitRegistry({ datasets: [pre, { ...pre, id: 'copy' }] })).toThrow(InvalidUnitDataError);
    expect(() => parseUnitsDataset({ ...preJson, units: [['1', 'x', 'p', null]] })).toThrow(InvalidUnitDataError);
    expect(() => parseUnitsDataset({ ...preJson, version: 2 })).toThrow(InvalidUnitDataError);
    const orphan = { ...pre, units: [['00001', 'Xã mồ côi', 'c', '001'] as const] };
    expect(() => new UnitRegistry({ datasets: [orphan] })).toThrow(InvalidUnitDataError);
  });
});
