import { foldVietnamese, searchUnits } from './unit-search';

describe('unit search without diacritics', () => {
  const units = [
    { code: '42001', name: 'Xã Chí Minh' },
    { code: '42002', name: 'Phường Thành Sen' },
    { code: '42003', name: 'Xã Đức Minh' },
    { code: '42004', name: 'Xã Minh Chí' },
  ];

  it('folds tones, vowel marks and đ', () => {
    expect(foldVietnamese('  Xã Đức  Thọ ')).toBe('xa duc tho');
  });

  it('finds "chi minh" in "Xã Chí Minh", the exact phrase first', () => {
    expect(searchUnits(units, 'chi minh').map((u) => u.code)).toEqual(['42001', '42004']);
    expect(searchUnits(units, 'duc').map((u) => u.code)).toEqual(['42003']);
    expect(searchUnits(units, '42002').map((u) => u.code)).toEqual(['42002']);
    expect(searchUnits(units, '   ')).toEqual([]);
  });
});
