import { parseDvcqgDate, parseFlag, parseStatus } from './dvcqg-values';

describe('DVCQG values', () => {
  it.each([
    ['20230105083000', '2023-01-05T08:30:00+07:00'],
    [20230105083000, '2023-01-05T08:30:00+07:00'],
    ['20230105', '2023-01-05T00:00:00+07:00'],
    ['2023-01-05T08:30:00', '2023-01-05T08:30:00+07:00'],
    ['2023-01-05T01:30:00Z', '2023-01-05T01:30:00Z'],
    ['', undefined],
    ['  ', undefined],
    [null, undefined],
  ])('reads the date %p as %p', (value, expected) => {
    expect(parseDvcqgDate(value, 'NgayTiepNhan')).toBe(expected);
  });

  it.each(['20231305083000', '20230105246000', '2023-1-5', 'abc'])('rejects the date %p', (value) => {
    expect(() => parseDvcqgDate(value, 'NgayTra')).toThrow(/NgayTra/);
  });

  it('reads statuses as numbers, numeric strings and words', () => {
    expect([1, '2', ' 10 ', 'Processing', 'interoperating'].map((v) => parseStatus(v, 'TrangThaiHoSo'))).toEqual([
      'receiving',
      'new',
      'done',
      'processing',
      'interoperating',
    ]);
    expect(() => parseStatus(0, 'TrangThaiHoSo')).toThrow(/TrangThaiHoSo/);
  });

  it('refuses arrays and objects where a scalar is expected, naming the field', () => {
    expect(() => parseDvcqgDate(['20230105083000'], 'data[0].NgayTiepNhan')).toThrow(
      'data[0].NgayTiepNhan: must be a string or a number (got an array)',
    );
    expect(() => parseStatus({ code: 4 }, 'data[0].TrangThaiHoSo')).toThrow('data[0].TrangThaiHoSo');
    expect(() => parseFlag(['1'], 'data[0].DuocThanhToanTrucTuyen')).toThrow('data[0].DuocThanhToanTrucTuyen');
  });

  it('shows at most 80 characters of a bad value', () => {
    expect(() => parseDvcqgDate('9'.repeat(100_000), 'x')).toThrow(
      /^x: must be a date yyyyMMddHHmmss \(got "9{76}…\)$/,
    );
  });

  it('reads flags', () => {
    expect([1, '1', true, 'true', 0, '0', false, '', undefined].map((v) => parseFlag(v, 'f'))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(() => parseFlag('yes', 'DuocThanhToanTrucTuyen')).toThrow(/DuocThanhToanTrucTuyen/);
  });
});
