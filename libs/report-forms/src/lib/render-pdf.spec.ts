import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatNumberVi } from '@dossier-ledger/calendar';
import { districtLikeInput } from '../testing/fixtures';
import { pdfText } from '../testing/pdf-text';
import { buildFormII06a } from './form-ii06a';
import { renderPdf } from './render-pdf';

const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  regular: readFileSync(join(fontDir, 'DejaVuSansCondensed.ttf')),
  bold: readFileSync(join(fontDir, 'DejaVuSansCondensed-Bold.ttf')),
  italic: readFileSync(join(fontDir, 'DejaVuSansCondensed-Oblique.ttf')),
};

describe('renderPdf (read back with pdf.js)', () => {
  const table = buildFormII06a(districtLikeInput({ periodLabel: 'Tháng 02/2024' }));
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    pdf = await renderPdf(table, { fonts, createdAt: new Date('2024-02-20T03:00:00Z') });
    text = pdfText(pdf).text;
  });

  it('is an A4 landscape PDF with the fonts embedded', () => {
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('prints the heading, the Vietnamese labels and the signature block', () => {
    for (const line of [
      table.formCode,
      table.title,
      table.period,
      'Đơn vị báo cáo: Tỉnh Hà Tĩnh',
      'Kỳ báo cáo: Tháng 02/2024',
      'Lĩnh vực giải quyết',
      'THỦ TRƯỞNG ĐƠN VỊ',
      'NGƯỜI LẬP BIỂU',
    ]) {
      expect(text).toContain(line);
    }
  });

  it('prints every row with its counts as on the paper form (20.845)', () => {
    const flat = text.replace(/\s+/g, ' ');
    for (const row of table.rows) {
      const printed = [row.label, ...row.values.map((v) => formatNumberVi(v))].join(' ');
      expect(flat).toContain(printed);
    }
    expect(table.rows.some((row) => row.values.some((v) => v >= 1000))).toBe(true);
  });

  it('repeats the column header on a new page when the rows do not fit', async () => {
    const many = districtLikeInput();
    const level = many.levels[1];
    const fields = Array.from({ length: 40 }, (_, i) => ({ ...level.fields[0], code: `F${i}`, name: `Lĩnh vực ${i}` }));
    const long = buildFormII06a({ ...many, levels: [{ ...level, fields }] }, { checkIdentities: false });
    const { text: longText, pages } = pdfText(await renderPdf(long, { fonts }));
    expect(pages).toBeGreaterThan(1);
    // Every page with rows starts with the column header (the signature block may take a page of its own).
    expect(longText.split('Số hồ sơ nhận giải quyết').length - 1).toBeGreaterThanOrEqual(2);
    expect(longText).toContain('Lĩnh vực 39');
  });
});
