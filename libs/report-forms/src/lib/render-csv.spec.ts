import { districtLikeInput, figures } from '../testing/fixtures';
import { buildFormII06a } from './form-ii06a';
import { renderCsv } from './render-csv';

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of the writer. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

const big = figures({
  online: 17_000,
  direct: 3_845,
  early: 15_000,
  onTime: 739,
  late: 1_865,
  returned: 3,
  withdrawn: 2,
  inTime: 3_236,
});
const bigInput = districtLikeInput({
  levels: [{ level: 'commune', total: big, fields: [{ code: 'HT', name: 'Hộ tịch, "khai sinh"', figures: big }] }],
  total: big,
});

describe('renderCsv', () => {
  it('starts with the UTF-8 BOM and keeps Vietnamese text intact', () => {
    const csv = renderCsv(buildFormII06a(districtLikeInput()));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('parses back into equally wide records: header, column numbers, rows, rates', () => {
    const table = buildFormII06a(bigInput);
    const records = parseCsv(renderCsv(table).toString('utf8').slice(1));
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([15]));
    const firstCells = records.map((r) => r[0]);
    expect(firstCells.slice(0, 6)).toEqual([
      'Biểu số II.06a/VPCP/KSTT',
      'Đơn vị báo cáo: Tỉnh Hà Tĩnh',
      'Đơn vị nhận báo cáo: Văn phòng Chính phủ',
      'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
      'Từ ngày 19/01/2024 đến ngày 19/02/2024',
      'Đơn vị tính: Số hồ sơ TTHC',
    ]);
    const numbersRow = records.find((r) => r[0] === '(1)');
    expect(numbersRow?.slice(0, 4)).toEqual(['(1)', '(2)', '(3)=(4)+(5)+(6)', '(4)']);
    expect(numbersRow?.slice(-2)).toEqual(['(14)', '(15)']);
    const header = records.find((r) => r[0] === 'STT');
    expect(header?.[2]).toBe('Số hồ sơ nhận giải quyết');
    const field = records.find((r) => r[1] === 'Hộ tịch, "khai sinh"');
    expect(field?.slice(0, 7)).toEqual(['1', 'Hộ tịch, "khai sinh"', '20.845', '17.000', '3.845', '0', '17.604']);
    const total = records.find((r) => r[1] === 'Tổng cộng');
    expect(total?.slice(-2)).toEqual(['3', '2']);
    expect(firstCells).toContain('Tỷ lệ giải quyết trước hạn và đúng hạn: 89,4 % (15.739/17.604 hồ sơ)');
  });

  it('quotes the cells holding commas and quotes', () => {
    const text = renderCsv(buildFormII06a(bigInput)).toString('utf8');
    expect(text).toContain(',"Hộ tịch, ""khai sinh""",20.845,');
    expect(text).toContain('"Tỷ lệ giải quyết trước hạn và đúng hạn: 89,4 % (15.739/17.604 hồ sơ)",');
    expect(text).not.toContain(';');
  });

  it('prints plain counts on request', () => {
    const records = parseCsv(renderCsv(buildFormII06a(bigInput), { numbers: 'plain' }).toString('utf8').slice(1));
    expect(records.find((r) => r[1] === 'Tổng cộng')?.slice(2, 4)).toEqual(['20845', '17000']);
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const f = figures({ online: 1, inTime: 1 });
    const input = districtLikeInput({
      levels: [{ level: 'commune', total: f, fields: [{ code: 'X', name: '=HYPERLINK("http://x")', figures: f }] }],
      total: f,
    });
    const records = parseCsv(renderCsv(buildFormII06a(input)).toString('utf8').slice(1));
    expect(records.find((r) => r[0] === '1')?.[1]).toBe('\'=HYPERLINK("http://x")');
  });
});
