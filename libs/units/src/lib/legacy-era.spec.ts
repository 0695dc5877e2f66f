import legacyMappingJson from '../data/commune-mapping-2025-01-01.v1.json';
import { chooseHierarchy, unknownUnitMessage } from './hierarchy-at';
import { loadDefaultUnitRegistry } from './default-registry';
import { parseCommuneMapping } from './dataset-parse';

// The 30/06/2025 tree (era units-2025-06-30.v1, from 2025-01-01) between the 04/2023 snapshot and
// the 07/2025 reform, and the transition into it. See docs/units.md.
const registry = loadDefaultUnitRegistry();
const AFTER_REFORM = '2025-09-30';

describe('the 30/06/2025 era', () => {
  it('is chosen from 2025-01-01 to 2025-06-30, between the 04/2023 and the 07/2025 trees', () => {
    expect(registry.eras.map((e) => e.id)).toEqual([
      'units-2023-04-10.v1',
      'units-2025-06-30.v1',
      'units-2025-07-01.v1',
    ]);
    expect(chooseHierarchy(registry, '2024-12-31')).toMatchObject({ era: { id: 'units-2023-04-10.v1' } });
    expect(chooseHierarchy(registry, '2025-01-01')).toMatchObject({ era: { id: 'units-2025-06-30.v1' } });
    expect(chooseHierarchy(registry, '2025-07-01')).toMatchObject({ era: { id: 'units-2025-07-01.v1' } });
  });

  it('knows the 30/06/2025 units the 04/2023 snapshot lacks, and no longer the merged ones', () => {
    expect(registry.get('03980', '2025-03-01')?.name).toBe('Phường Mộc Lỵ');
    expect(registry.get('03980', '2024-12-31')).toBeUndefined();
    expect(registry.get('475', '2025-03-01')).toMatchObject({ name: 'Quận Phú Xuân', parentCode: '46' });
    expect(registry.get('00010', '2024-12-31')?.name).toBe('Phường Nguyễn Trung Trực');
    expect(registry.get('00010', '2025-01-01')).toBeUndefined();
  });
});

describe('transition 04/2023 -> 30/06/2025', () => {
  it('carries a merged commune to its absorber, approximately, and on into the 07/2025 tree', () => {
    // 00010 Phường Nguyễn Trung Trực went into 00004 Phường Trúc Bạch (NQ 1286/NQ-UBTVQH15).
    const h1 = registry.resolveForReport('00010', '2025-03-31', { recordedOn: '2024-06-01' });
    expect(h1).toMatchObject({
      kind: 'commune-mapping',
      approximate: true,
      unit: { code: '00004', name: 'Phường Trúc Bạch', datasetId: 'units-2025-06-30.v1' },
      from: { datasetId: 'units-2023-04-10.v1' },
    });
    const after = registry.resolveForReport('00010', AFTER_REFORM, { recordedOn: '2024-06-01' });
    expect(after).toMatchObject({ approximate: true, unit: { code: '00004', name: 'Phường Ba Đình' } });
    expect(after.steps.map((s) => s.to.datasetId)).toEqual(['units-2025-06-30.v1', 'units-2025-07-01.v1']);
  });

  it('keeps a commune that moved district under its code, in its new district', () => {
    // 07525 Phường Chũ: Huyện Lục Ngạn (219) in 04/2023, Thị xã Chũ (224) on 30/06/2025.
    expect(registry.reportPath('07525', '2024-12-31').chain.map((u) => u.code)).toEqual(['07525', '219', '24']);
    const path = registry.reportPath('07525', '2025-06-30', { recordedOn: '2024-03-01' });
    expect(path.chain.map((u) => u.code)).toEqual(['07525', '224', '24']);
    expect(path.resolution).toMatchObject({ kind: 'same', approximate: false });
  });

  it("sends a merged district's own dossiers to the district most of its communes went to", () => {
    // Huyện Yên Dũng (221) was merged into Thành phố Bắc Giang (213).
    const r = registry.resolveForReport('221', '2025-06-30', { recordedOn: '2024-06-01' });
    expect(r).toMatchObject({ kind: 'district-mapping', approximate: true, unit: { code: '213' } });
    expect(registry.resolveForReport('219', '2025-06-30', { recordedOn: '2024-06-01' })).toMatchObject({
      kind: 'same',
      approximate: false,
      unit: { code: '219' },
    });
  });

  it("counts a merged commune's code still sent in 2025-H1 under its absorber (approximate), not as unknown", () => {
    const path = registry.reportPath('00010', '2025-02-28', { recordedOn: '2025-02-10' });
    expect(path.chain.map((u) => u.code)).toEqual(['00004', '001', '01']);
    expect(path.resolution).toMatchObject({ approximate: true, from: { datasetId: 'units-2023-04-10.v1' } });
    expect(unknownUnitMessage(registry, '00010', '2025-02-28', 'units-2025-06-30.v1')).toContain(
      'its successor: 00004 Phường Trúc Bạch',
    );
  });

  it('ships the validated counts: identity, alias and reform-mapping absorbers, districts', () => {
    const mapping = parseCommuneMapping(legacyMappingJson);
    const count = (rows: readonly (readonly string[])[], how: string) => rows.filter((r) => r[2] === how).length;
    expect([mapping.fromDataset, mapping.toDataset]).toEqual(['units-2023-04-10.v1', 'units-2025-06-30.v1']);
    expect(count(mapping.rows, 'i')).toBe(10_032);
    expect(count(mapping.rows, 'a')).toBe(482);
    expect(count(mapping.rows, 'r')).toBe(25);
    expect(count(mapping.districtRows, 'i')).toBe(694);
    expect(count(mapping.districtRows, 'g')).toBe(11);
    const v = legacyMappingJson.validation;
    expect(v.goneCommunes).toBe(567);
    expect(v.goneWithoutAbsorber).toHaveLength(60);
    expect(v.continuingCommunesMovedDistrict).toBe(148);
  });
});
