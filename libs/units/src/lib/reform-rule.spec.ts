import { parseIsoLocalDate } from '@dossier-ledger/calendar';
import { loadDefaultUnitRegistry } from './default-registry';
import { UnitRegistry } from './unit-registry';
import { UnknownUnitError, UnmappedUnitError } from './unit-errors';
import type { CommuneMappingDataset, UnitsDataset } from './unit-types';

const TO = '2025-09-30';

describe('reform rule with the shipped data', () => {
  const registry = loadDefaultUnitRegistry();

  it('keeps a unit valid on `to` as is', () => {
    expect(registry.resolveForReport('00070', TO)).toMatchObject({ unit: { code: '00070' }, kind: 'same', steps: [] });
    // A window that ends before the reform uses the old tree unchanged.
    expect(registry.resolveForReport('00001', '2025-06-30')).toMatchObject({ unit: { code: '00001' }, kind: 'same' });
    expect(registry.resolveForReport('001', '2025-06-30').unit.level).toBe('district');
  });

  it('rolls an abolished commune up to its new commune', () => {
    const r = registry.resolveForReport('00001', TO); // Phường Phúc Xá -> Phường Hồng Hà
    expect(r).toMatchObject({ kind: 'commune-mapping', approximate: false, alternatives: [] });
    expect(r.unit).toMatchObject({ code: '00097', name: 'Phường Hồng Hà', datasetId: 'units-2025-07-01.v1' });
    // Without recordedOn the code is read in the latest era that knows it.
    expect(r.from).toMatchObject({ code: '00001', datasetId: 'units-2025-06-30.v1' });
  });

  it('carries a continuing commune through the 30/06/2025 tree without calling it moved', () => {
    const r = registry.resolveForReport('00001', TO, { recordedOn: '2024-05-01' });
    expect(r).toMatchObject({ kind: 'commune-mapping', approximate: false, unit: { code: '00097' } });
    expect(r.from.datasetId).toBe('units-2023-04-10.v1');
    expect(r.steps.map((s) => s.kind)).toEqual(['same', 'commune-mapping']);
    expect(registry.resolveForReport('00001', '2025-03-31', { recordedOn: '2024-05-01' })).toMatchObject({
      kind: 'same',
      approximate: false,
      unit: { code: '00001', datasetId: 'units-2025-06-30.v1' },
    });
  });

  it("sends an abolished district's own dossiers to the province containing it", () => {
    expect(registry.resolveForReport('001', TO)).toMatchObject({ unit: { code: '01' }, kind: 'district-to-province' });
    expect(registry.resolveForReport('193', TO)).toMatchObject({ unit: { code: '22' }, kind: 'district-to-province' });
    // Thị xã Đông Triều (Quảng Ninh) stays in Quảng Ninh; Thị xã Phú Mỹ (Bà Rịa - Vũng Tàu) goes to TP.HCM.
    expect(registry.resolveForReport('205', TO).unit.code).toBe('22');
    expect(registry.resolveForReport('754', TO).unit.code).toBe('79');
  });

  it('maps merged provinces to the new province most of their communes went to', () => {
    expect(registry.resolveForReport('27', TO)).toMatchObject({
      unit: { code: '24', name: 'Tỉnh Bắc Ninh' },
      kind: 'province-mapping',
    });
    expect(registry.resolveForReport('02', TO).unit.code).toBe('08'); // Hà Giang -> Tuyên Quang
  });

  it('reads a reused code in the era it was recorded in when told', () => {
    // 23737 was Xã Ia Mơ Nông (Chư Păh) before, is Xã Ia Mơ (Gia Lai) after.
    expect(registry.resolveForReport('23737', TO)).toMatchObject({ kind: 'same', unit: { name: 'Xã Ia Mơ' } });
    const old = registry.resolveForReport('23737', TO, { recordedOn: '2025-06-01' });
    expect(old).toMatchObject({ kind: 'commune-mapping', unit: { code: '23734' }, from: { name: 'Xã Ia Mơ Nông' } });
    expect(registry.resolveForReport('24', TO, { recordedOn: '2025-06-01' })).toMatchObject({
      kind: 'province-mapping',
      from: { name: 'Tỉnh Bắc Giang' },
      unit: { name: 'Tỉnh Bắc Ninh' },
    });
  });

  it('flags split communes and keeps the other targets', () => {
    const r = registry.resolveForReport('00166', TO, { recordedOn: '2025-06-30' }); // Phường Dịch Vọng
    expect(r).toMatchObject({ unit: { code: '00166' }, approximate: true, alternatives: ['00160'] });
  });

  it('falls back to the province for a merged commune without a known absorber', () => {
    // Phường 2, TP Tuy Hòa (Phú Yên) merged before 2025 and no source names its absorber: it goes to
    // Phú Yên in the 30/06/2025 tree, and Phú Yên went to Đắk Lắk.
    const r = registry.resolveForReport('22021', TO);
    expect(r).toMatchObject({ kind: 'province-mapping', approximate: true, unit: { code: '66' } });
    expect(r.steps.map((s) => [s.kind, s.to.code])).toEqual([
      ['commune-to-province', '54'],
      ['province-mapping', '66'],
    ]);
  });

  it('maps island districts without communes to their đặc khu', () => {
    expect(registry.resolveForReport('755', TO)).toMatchObject({
      kind: 'district-mapping',
      unit: { name: 'Đặc khu Côn Đảo' },
    });
  });

  it('resolves every commune of 30/06/2025 through the mapping, none to its province', () => {
    const kinds: Record<string, number> = {};
    for (const unit of registry.units('2025-06-30', 'commune')) {
      const { kind } = registry.resolveForReport(unit.code, TO, { recordedOn: '2025-06-30' });
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(kinds).toEqual({ 'commune-mapping': 10_035 });
  });

  it('resolves every commune of 04/2023: 60 merged ones without a known absorber to their province', () => {
    const fellToProvince = registry
      .units('2024-12-31', 'commune')
      .filter(
        (unit) => registry.resolveForReport(unit.code, TO, { recordedOn: '2024-12-31' }).unit.level !== 'commune',
      );
    expect(fellToProvince).toHaveLength(60);
  });

  it('throws for unknown codes and for backwards mapping', () => {
    expect(() => registry.resolveForReport('99999', TO)).toThrow(UnknownUnitError);
    expect(() => registry.resolveForReport('99999', TO, { recordedOn: '2025-07-05' })).toThrow(UnknownUnitError);
    expect(() => registry.resolveForReport('00070', '2025-06-30', { recordedOn: TO })).toThrow(UnmappedUnitError);
  });
});

describe('reform rule on a small fixture', () => {
  const old: UnitsDataset = {
    id: 'old.v1',
    version: 1,
    source: 'fixture',
    sourceVersion: '0',
    describesDate: parseIsoLocalDate('2020-01-01'),
    validFrom: null,
    validTo: parseIsoLocalDate('2025-06-30'),
    units: [
      ['10', 'Tỉnh A', 'p', null],
      ['100', 'Huyện A1', 'd', '10'],
      ['10001', 'Xã A1a', 'c', '100'],
      ['10002', 'Xã A1b', 'c', '100'],
      ['20', 'Tỉnh B', 'p', null],
      ['200', 'Huyện B1', 'd', '20'],
      ['20001', 'Xã B1a', 'c', '200'],
    ],
  };
  const next: UnitsDataset = {
    ...old,
    id: 'new.v1',
    describesDate: parseIsoLocalDate('2025-07-01'),
    validFrom: parseIsoLocalDate('2025-07-01'),
    validTo: null,
    units: [
      ['10', 'Tỉnh AB', 'p', null],
      ['10001', 'Xã Mới', 'c', '10'],
    ],
  };
  const mapping: CommuneMappingDataset = {
    id: 'map.v1',
    version: 1,
    source: 'fixture',
    sourceVersion: '0',
    fromDataset: 'old.v1',
    toDataset: 'new.v1',
    effectiveDate: parseIsoLocalDate('2025-07-01'),
    rows: [
      ['10001', '10001', 's'],
      ['20001', '10001', 's'],
    ],
    districtRows: [],
  };

  it('resolves each level', () => {
    const registry = new UnitRegistry({ datasets: [next, old], mappings: [mapping] });
    expect(registry.resolveForReport('10002', TO)).toMatchObject({ kind: 'commune-to-province', unit: { code: '10' } });
    expect(registry.resolveForReport('200', TO)).toMatchObject({ kind: 'district-to-province', unit: { code: '10' } });
    expect(registry.resolveForReport('20', TO)).toMatchObject({ kind: 'province-mapping', unit: { code: '10' } });
    // '10001' exists in both eras; without recordedOn it is read in the new one.
    expect(registry.resolveForReport('10001', TO).kind).toBe('same');
  });

  it('throws UnmappedUnitError without a mapping between the eras', () => {
    const registry = new UnitRegistry({ datasets: [old, next] });
    expect(() => registry.resolveForReport('10002', TO)).toThrow(UnmappedUnitError);
  });
});
