import { districtLikeInput, figures, sumFigures } from '../testing/fixtures';
import {
  buildFormII06a,
  formIdentityViolations,
  formII06aFileName,
  FormIdentityError,
  sumIdentityViolations,
} from './form-ii06a';
import { cellOf, type FormTable } from './form-table';

const identity = (t: FormTable, row: FormTable['rows'][number]) => ({
  c3: cellOf(t, row, 3),
  c456: cellOf(t, row, 4) + cellOf(t, row, 5) + cellOf(t, row, 6),
  c7: cellOf(t, row, 7),
  c8910: cellOf(t, row, 8) + cellOf(t, row, 9) + cellOf(t, row, 10),
  c11: cellOf(t, row, 11),
  c1213: cellOf(t, row, 12) + cellOf(t, row, 13),
});

describe('buildFormII06a: columns', () => {
  it('numbers the columns 1 … 15 with returned and withdrawn after 13', () => {
    const t = buildFormII06a(districtLikeInput());
    expect(t.columns.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(t.columns.map((c) => c.label)).toEqual([
      'STT',
      'Lĩnh vực giải quyết',
      'Tổng số hồ sơ tiếp nhận',
      'Trực tuyến',
      'Trực tiếp, dịch vụ bưu chính',
      'Từ kỳ trước chuyển qua',
      'Tổng số đã giải quyết',
      'Trước hạn',
      'Đúng hạn',
      'Quá hạn',
      'Tổng số đang giải quyết',
      'Trong hạn',
      'Quá hạn',
      'Trả lại',
      'Rút hồ sơ',
    ]);
    expect(t.columns[2].numberLabel).toBe('(3)=(4)+(5)+(6)');
    expect(t.columns[6].numberLabel).toBe('(7)=(8)+(9)+(10)');
    expect(t.columns[10].numberLabel).toBe('(11)=(12)+(13)');
    expect(t.returnedColumns).toBe(true);
    for (const row of t.rows) expect(row.values).toHaveLength(13);
  });

  it('holds 3 = 4+5+6, 7 = 8+9+10, 11 = 12+13 and 3 = 7+11+14+15 on every row', () => {
    const t = buildFormII06a(districtLikeInput());
    for (const row of t.rows) {
      const v = identity(t, row);
      expect(v.c3).toBe(v.c456);
      expect(v.c7).toBe(v.c8910);
      expect(v.c11).toBe(v.c1213);
      expect(v.c3).toBe(v.c7 + v.c11 + cellOf(t, row, 14) + cellOf(t, row, 15));
    }
  });

  it('puts direct and postal together in column 5', () => {
    const t = buildFormII06a(districtLikeInput());
    const dd = t.rows.find((r) => r.key === 'DD');
    expect(dd && cellOf(t, dd, 5)).toBe(42);
  });

  it('drops columns 14 and 15 when the counting rules fold returned and withdrawn into on time', () => {
    const folded = figures({ online: 10, direct: 2, early: 5, onTime: 4, inTime: 3 });
    const input = districtLikeInput({
      countingRules: 'vn-v1+foldReturned',
      levels: [{ level: 'commune', total: folded, fields: [{ code: 'HT', name: 'Hộ tịch', figures: folded }] }],
      total: folded,
    });
    const t = buildFormII06a(input);
    expect(t.returnedColumns).toBe(false);
    expect(t.columns.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(t.headerCells.map((h) => h.text)).not.toContain('Trả lại');
    expect(t.headerCells.map((h) => h.text)).not.toContain('Rút hồ sơ');
    expect(t.headerCells.every((h) => h.col + h.colSpan <= 13)).toBe(true);
    for (const row of t.rows) expect(row.values).toHaveLength(11);
    expect(() => cellOf(t, t.rows[0], 14)).toThrow(RangeError);
    expect(t.notes[0]).toContain('cột (9)');
    // The same through the options object.
    expect(buildFormII06a({ ...input, countingRules: { foldReturnedIntoOnTime: true } }).columns).toHaveLength(13);
  });

  it('refuses folding rules with figures that still hold returned dossiers', () => {
    expect(() => buildFormII06a(districtLikeInput({ countingRules: 'vn-v1+foldReturned' }))).toThrow(/fold returned/);
  });
});

describe('buildFormII06a: rows', () => {
  it('groups field rows under level headings (province, district, commune order) carrying the subtotal, then Tổng cộng', () => {
    const t = buildFormII06a(districtLikeInput());
    expect(t.rows.map((r) => [r.kind, r.stt, r.label])).toEqual([
      ['level', 'I', 'Cấp tỉnh'],
      ['field', '1', 'Đất đai'],
      ['field', '2', 'Xây dựng'],
      ['field', '3', 'Thành lập và hoạt động của hộ kinh doanh'],
      ['level', 'II', 'Cấp xã'],
      ['field', '1', 'Hộ tịch'],
      ['field', '2', 'Chứng thực'],
      ['field', '3', 'Lao động, thương binh và xã hội'],
      ['total', '', 'Tổng cộng'],
    ]);
  });

  it('has level subtotals equal to the sum of their fields and a total equal to the sum of the levels', () => {
    const t = buildFormII06a(districtLikeInput());
    const levelIndexes = t.rows.flatMap((r, i) => (r.kind === 'level' ? [i] : []));
    const sums: number[][] = [];
    levelIndexes.forEach((start, k) => {
      const end = levelIndexes[k + 1] ?? t.rows.length - 1;
      const fields = t.rows.slice(start + 1, end);
      const sum = t.rows[start].values.map((_, j) => fields.reduce((s, f) => s + f.values[j], 0));
      expect(t.rows[start].values).toEqual(sum);
      sums.push(t.rows[start].values as number[]);
    });
    const total = t.rows[t.rows.length - 1];
    expect(total.values).toEqual(sums[0].map((v, j) => v + sums[1][j]));
    expect(cellOf(t, total, 3)).toBe(2705);
  });

  it('prints a level without fields as its heading only', () => {
    const f = figures({ online: 3, early: 1, inTime: 2 });
    const t = buildFormII06a(districtLikeInput({ levels: [{ level: 'commune', total: f, fields: [] }], total: f }));
    expect(t.rows.map((r) => r.kind)).toEqual(['level', 'total']);
  });

  it('throws FormIdentityError, naming the row and columns, when the figures break an identity', () => {
    const input = districtLikeInput();
    const broken = { ...input.total, received: { ...input.total.received, total: input.total.received.total + 1 } };
    expect(() => buildFormII06a({ ...input, total: broken })).toThrow(FormIdentityError);
    try {
      buildFormII06a({ ...input, total: broken });
    } catch (error) {
      expect((error as FormIdentityError).violations).toContain('Tổng cộng: (3) 2706 ≠ (4)+(5)+(6) 2705');
    }
    const levels = input.levels.map((l, i) =>
      i === 0 ? { ...l, total: sumFigures([l.total, figures({ online: 1, inTime: 1 })]) } : l,
    );
    expect(() => buildFormII06a({ ...input, levels })).toThrow(/Cấp xã: column 3 is 962 but its rows add up to 961/);
    expect(buildFormII06a({ ...input, total: broken }, { checkIdentities: false }).rows.at(-1)?.values[0]).toBe(2706);
  });
});

describe('identity checks without building the form', () => {
  it('lists what buildFormII06a would throw, and nothing for consistent figures', () => {
    const input = districtLikeInput();
    expect(formIdentityViolations(input)).toEqual([]);
    const broken = { ...input.total, resolved: { ...input.total.resolved, late: input.total.resolved.late + 1 } };
    const violations = formIdentityViolations({ ...input, total: broken });
    expect(violations.some((v) => v.startsWith('Tổng cộng: (7)'))).toBe(true);
    expect(() => buildFormII06a({ ...input, total: broken })).toThrow(FormIdentityError);
  });

  it('checks that a total is the sum of its parts, column by column', () => {
    const a = figures({ online: 3, early: 1, inTime: 2 });
    const b = figures({ direct: 2, overdue: 1, late: 1 });
    expect(sumIdentityViolations('P', sumFigures([a, b]), [a, b])).toEqual([]);
    expect(sumIdentityViolations('P', a, [a, b])).toContain('P: column 3 is 3 but its rows add up to 5');
  });
});

describe('buildFormII06a: header and Vietnamese formats', () => {
  it('prints the header lines', () => {
    const t = buildFormII06a(districtLikeInput({ periodLabel: 'Tháng 02/2024' }));
    expect(t.formCode).toBe('Biểu số II.06a/VPCP/KSTT');
    expect(t.title).toBe('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(t.reportingUnit).toBe('Đơn vị báo cáo: Tỉnh Hà Tĩnh');
    expect(t.receivingUnit).toBe('Đơn vị nhận báo cáo: Văn phòng Chính phủ');
    expect(t.periodLabel).toBe('Kỳ báo cáo: Tháng 02/2024');
    expect(t.period).toBe('Từ ngày 19/01/2024 đến ngày 19/02/2024');
    expect(t.unitOfMeasure).toBe('Đơn vị tính: Số hồ sơ TTHC');
    expect(t.notes).toContain('Số liệu theo quy tắc đếm: vn-default-v1.');
  });

  it('leaves the receiving unit as a line to fill in when unknown', () => {
    const t = buildFormII06a(districtLikeInput({ receivingUnitLabel: undefined }));
    expect(t.receivingUnit).toMatch(/^Đơn vị nhận báo cáo: …+$/);
    expect(t.periodLabel).toBeNull();
  });

  it('formats the rates 89,4 % with their counts 15.739/17.604', () => {
    const big = figures({ online: 17_000, direct: 3_845, early: 15_000, onTime: 739, late: 1_865, inTime: 3_241 });
    const t = buildFormII06a(districtLikeInput({ levels: [], total: big }));
    const onTime = t.rates.find((r) => r.key === 'onTime');
    expect(onTime?.ratio).toBeCloseTo(15_739 / 17_604, 12);
    expect(onTime?.text).toBe('89,4 %');
    expect(onTime?.line).toBe('Tỷ lệ giải quyết trước hạn và đúng hạn: 89,4 % (15.739/17.604 hồ sơ)');
    expect(t.rates.find((r) => r.key === 'late')?.line).toBe('Tỷ lệ giải quyết quá hạn: 10,6 % (1.865/17.604 hồ sơ)');
    expect(t.rates.find((r) => r.key === 'online')?.line).toBe(
      'Tỷ lệ hồ sơ tiếp nhận trực tuyến: 81,6 % (17.000/20.845 hồ sơ)',
    );
  });

  it('says "không phát sinh" for a rate over nothing', () => {
    const empty = figures({});
    const t = buildFormII06a(districtLikeInput({ levels: [], total: empty }));
    expect(t.rates.map((r) => r.line)).toEqual([
      'Tỷ lệ giải quyết trước hạn và đúng hạn: không phát sinh hồ sơ',
      'Tỷ lệ giải quyết quá hạn: không phát sinh hồ sơ',
      'Tỷ lệ hồ sơ tiếp nhận trực tuyến: không phát sinh hồ sơ',
    ]);
  });

  it('rejects an impossible or empty window', () => {
    expect(() => buildFormII06a(districtLikeInput({ from: '2024-02-30' }))).toThrow(/YYYY-MM-DD/);
    expect(() => buildFormII06a(districtLikeInput({ from: '2024-03-01', to: '2024-02-01' }))).toThrow(/empty window/);
  });
});

describe('formII06aFileName', () => {
  it('names the download after the unit and window', () => {
    expect(formII06aFileName(districtLikeInput(), 'xlsx')).toBe('II.06a_42_2024-01-19_2024-02-19.xlsx');
    expect(
      formII06aFileName(
        { ...districtLikeInput(), reportingUnit: { code: '000.00.00.H49', name: 'x', level: 'province' } },
        'csv',
      ),
    ).toBe('II.06a_000.00.00.H49_2024-01-19_2024-02-19.csv');
  });
});
