import { Workbook, type Worksheet } from 'exceljs';
import { districtLikeInput, figures } from '../testing/fixtures';
import { buildFormII06a } from './form-ii06a';
import { renderXlsx } from './render-xlsx';

async function readBack(buffer: Buffer): Promise<Worksheet> {
  const workbook = new Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

/** Merged ranges as written in the file ("A3:O3"). */
function merges(ws: Worksheet): string[] {
  return (ws.model as unknown as { merges: string[] }).merges;
}

describe('renderXlsx (read back with exceljs)', () => {
  let ws: Worksheet;
  let buffer: Buffer;

  beforeAll(async () => {
    buffer = await renderXlsx(buildFormII06a(districtLikeInput({ periodLabel: 'Tháng 02/2024' })), {
      createdAt: new Date('2024-02-20T03:00:00Z'),
    });
    ws = await readBack(buffer);
  });

  it('is a zip (xlsx) file', () => {
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('has the header lines, a merged title and the period', () => {
    expect(ws.name).toBe('Biểu II.06a');
    expect(ws.getCell('A1').value).toBe('Biểu số II.06a/VPCP/KSTT');
    expect(ws.getCell('K1').value).toBe('Đơn vị báo cáo: Tỉnh Hà Tĩnh');
    expect(ws.getCell('K2').value).toBe('Đơn vị nhận báo cáo: Văn phòng Chính phủ');
    expect(ws.getCell('A2').value).toBe('Kỳ báo cáo: Tháng 02/2024');
    expect(ws.getCell('A3').value).toBe('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(ws.getCell('A3').font?.bold).toBe(true);
    expect(ws.getCell('A4').value).toBe('Từ ngày 19/01/2024 đến ngày 19/02/2024');
    expect(ws.getCell('K5').value).toBe('Đơn vị tính: Số hồ sơ TTHC');
    expect(merges(ws)).toEqual(expect.arrayContaining(['A1:E1', 'K1:O1', 'A3:O3', 'A4:O4', 'K5:O5']));
    expect(ws.getCell('H3').isMerged).toBe(true);
  });

  it('draws the column header with its spans, bold, bordered, and the column numbers', () => {
    expect(merges(ws)).toEqual(
      expect.arrayContaining([
        'A6:A8',
        'B6:B8',
        'C6:F6',
        'G6:J6',
        'K6:M6',
        'N6:O6',
        'C7:C8',
        'D7:E7',
        'N7:N8',
        'O7:O8',
      ]),
    );
    expect(ws.getCell('C6').value).toBe('Số hồ sơ nhận giải quyết');
    expect(ws.getCell('D8').value).toBe('Trực tuyến');
    expect(ws.getCell('E8').value).toBe('Trực tiếp, dịch vụ bưu chính');
    expect(ws.getCell('N7').value).toBe('Trả lại');
    expect(ws.getCell('O7').value).toBe('Rút hồ sơ');
    expect(ws.getCell('C6').font?.bold).toBe(true);
    expect(ws.getCell('C6').border?.top?.style).toBe('thin');
    expect(ws.getCell('A9').value).toBe('(1)');
    expect(ws.getCell('C9').value).toBe('(3)=(4)+(5)+(6)');
    expect(ws.getCell('O9').value).toBe('(15)');
  });

  it('keeps counts as numbers formatted #,##0, level rows bold', () => {
    expect(ws.getCell('A10').value).toBe('I');
    expect(ws.getCell('B10').value).toBe('Cấp tỉnh');
    expect(ws.getCell('B10').font?.bold).toBe(true);
    expect(ws.getCell('C10').value).toBe(1744);
    expect(ws.getCell('C10').numFmt).toBe('#,##0');
    expect(ws.getCell('B11').value).toBe('Đất đai');
    expect(ws.getCell('B11').font?.bold).toBeFalsy();
    expect(ws.getCell('D11').value).toBe(150);
    expect(ws.getCell('F11').value).toBe(900);
    expect(ws.getCell('B18').value).toBe('Tổng cộng');
    expect(ws.getCell('C18').value).toBe(2705);
    expect(ws.getCell('N18').value).toBe(8);
    expect(ws.getCell('O18').border?.right?.style).toBe('thin');
  });

  it('prints the rates and the signature block under the table', () => {
    const texts = ws.getColumn(1).values.filter((v): v is string => typeof v === 'string');
    expect(texts.some((t) => /^Tỷ lệ giải quyết trước hạn và đúng hạn: \d+,\d % \(/.test(t))).toBe(true);
    expect(texts).toContain('NGƯỜI LẬP BIỂU');
  });

  it('is set up to print on A4 landscape, one page wide, header rows repeated', () => {
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
    expect(ws.pageSetup.printTitlesRow).toBe('6:9');
    expect(ws.getColumn(2).width).toBe(34);
  });

  it('has 13 columns when the counting rules fold returned and withdrawn', async () => {
    const f = figures({ online: 10, direct: 2, early: 5, onTime: 4, inTime: 3 });
    const input = districtLikeInput({
      countingRules: 'vn-v1+foldReturned',
      levels: [{ level: 'commune', total: f, fields: [] }],
      total: f,
    });
    const folded = await readBack(await renderXlsx(buildFormII06a(input)));
    expect(merges(folded)).toEqual(expect.arrayContaining(['A3:M3', 'K6:M6']));
    expect(folded.getCell('M9').value).toBe('(13)');
    expect(folded.getCell('N9').value).toBeNull();
  });
});
