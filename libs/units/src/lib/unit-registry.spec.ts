import { loadDefaultUnitRegistry } from './default-registry';
import { InvalidLocalDateError, UnknownUnitError } from './unit-errors';

const SNAPSHOT = '2024-12-31';
const BEFORE = '2025-06-30';
const AFTER = '2025-07-01';

describe('UnitRegistry with the shipped data', () => {
  const registry = loadDefaultUnitRegistry();
  const codes = (units: { code: string }[]) => units.map((u) => u.code);

  describe('counts', () => {
    it('has 63 / 705 / 10,599 units up to 31/12/2024 (the 04/2023 snapshot)', () => {
      expect(registry.units(SNAPSHOT, 'province')).toHaveLength(63);
      expect(registry.units(SNAPSHOT, 'district')).toHaveLength(705);
      expect(registry.units(SNAPSHOT, 'commune')).toHaveLength(10_599);
    });

    it('has 63 / 696 / 10,035 units from 01/01/2025 to 30/06/2025', () => {
      expect(registry.units(BEFORE, 'province')).toHaveLength(63);
      expect(registry.units(BEFORE, 'district')).toHaveLength(696);
      expect(registry.units(BEFORE, 'commune')).toHaveLength(10_035);
    });

    it('has 34 / 3,321 units and no districts from 01/07/2025', () => {
      expect(registry.units(AFTER, 'province')).toHaveLength(34);
      expect(registry.units(AFTER, 'district')).toHaveLength(0);
      expect(registry.units(AFTER, 'commune')).toHaveLength(3_321);
    });

    it('uses the 04/2023 tree up to 2024, the 30/06/2025 tree in 2025-H1 and the new one from the reform', () => {
      expect(registry.eraOn('2000-01-01')?.id).toBe('units-2023-04-10.v1');
      expect(registry.eraOn(SNAPSHOT)?.id).toBe('units-2023-04-10.v1');
      expect(registry.eraOn('2025-01-01')?.id).toBe('units-2025-06-30.v1');
      expect(registry.eraOn(BEFORE)?.id).toBe('units-2025-06-30.v1');
      expect(registry.eraOn(AFTER)?.id).toBe('units-2025-07-01.v1');
      expect(registry.eraOn('2099-12-31')?.id).toBe('units-2025-07-01.v1');
    });
  });

  describe('lookups', () => {
    it('finds Hà Nội, Ba Đình and Phúc Xá before the reform', () => {
      expect(registry.get('01', BEFORE)).toMatchObject({
        name: 'Thành phố Hà Nội',
        level: 'province',
        parentCode: null,
      });
      expect(registry.get('001', BEFORE)).toMatchObject({ name: 'Quận Ba Đình', level: 'district', parentCode: '01' });
      expect(registry.get('00001', BEFORE)).toMatchObject({
        name: 'Phường Phúc Xá',
        level: 'commune',
        parentCode: '001',
      });
    });

    it('finds post-reform units: Phường Hoàn Kiếm, Phường Hạ Long, Đặc khu Côn Đảo', () => {
      expect(registry.get('00070', AFTER)).toMatchObject({ name: 'Phường Hoàn Kiếm', parentCode: '01' });
      expect(registry.get('06688', AFTER)).toMatchObject({ name: 'Phường Hạ Long', parentCode: '22' });
      expect(registry.get('26732', AFTER)).toMatchObject({ name: 'Đặc khu Côn Đảo', parentCode: '79' });
    });

    it('picks the right era for codes reused with another meaning', () => {
      expect(registry.get('24', BEFORE)?.name).toBe('Tỉnh Bắc Giang');
      expect(registry.get('24', AFTER)?.name).toBe('Tỉnh Bắc Ninh');
      expect(registry.get('00004', BEFORE)?.name).toBe('Phường Trúc Bạch');
      expect(registry.get('00004', AFTER)?.name).toBe('Phường Ba Đình');
    });

    it('knows abolished districts only before the reform', () => {
      expect(registry.get('001', AFTER)).toBeUndefined();
      expect(registry.level('001', BEFORE)).toBe('district');
      expect(registry.level('001', AFTER)).toBeUndefined();
    });

    it('returns undefined for unknown codes and throws for navigation', () => {
      expect(registry.get('99', BEFORE)).toBeUndefined();
      expect(registry.level('99999', AFTER)).toBeUndefined();
      expect(registry.parent('99999', AFTER)).toBeUndefined();
      expect(() => registry.require('99', BEFORE)).toThrow(UnknownUnitError);
      expect(() => registry.ancestors('99999', AFTER)).toThrow(UnknownUnitError);
      expect(() => registry.children('999', BEFORE)).toThrow(UnknownUnitError);
      expect(() => registry.isInSubtree('00001', '99', BEFORE)).toThrow(UnknownUnitError);
    });

    it('rejects malformed dates', () => {
      expect(() => registry.get('01', '01/07/2025')).toThrow(InvalidLocalDateError);
      expect(() => registry.units('2025-06-31')).toThrow(InvalidLocalDateError);
    });
  });

  describe('navigation', () => {
    it('lists ancestors nearest first', () => {
      expect(codes(registry.ancestors('00001', BEFORE))).toEqual(['001', '01']);
      expect(codes(registry.ancestors('001', BEFORE))).toEqual(['01']);
      expect(registry.ancestors('01', BEFORE)).toEqual([]);
      expect(codes(registry.ancestors('00070', AFTER))).toEqual(['01']);
    });

    it('lists children', () => {
      expect(codes(registry.children('001', BEFORE))).toContain('00001');
      expect(registry.children('001', SNAPSHOT)).toHaveLength(14);
      expect(registry.children('001', BEFORE)).toHaveLength(13); // 00010 Nguyễn Trung Trực merged into 00004
      expect(registry.children('01', BEFORE)).toHaveLength(30);
      expect(registry.children('01', AFTER)).toHaveLength(126);
      expect(registry.children('00001', BEFORE)).toEqual([]);
    });

    it('gives levels per era', () => {
      expect(registry.level('01', BEFORE)).toBe('province');
      expect(registry.level('00001', BEFORE)).toBe('commune');
      expect(registry.level('00070', AFTER)).toBe('commune');
      expect(registry.parent('00001', BEFORE)?.code).toBe('001');
    });

    it('tests subtree membership, the root included', () => {
      expect(registry.isInSubtree('00001', '01', BEFORE)).toBe(true);
      expect(registry.isInSubtree('00001', '001', BEFORE)).toBe(true);
      expect(registry.isInSubtree('001', '001', BEFORE)).toBe(true);
      expect(registry.isInSubtree('00001', '002', BEFORE)).toBe(false);
      expect(registry.isInSubtree('06688', '22', AFTER)).toBe(true);
      expect(registry.isInSubtree('06688', '01', AFTER)).toBe(false);
    });
  });
});
