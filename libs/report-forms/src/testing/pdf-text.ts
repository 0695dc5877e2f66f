import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The text of a PDF and its page count, extracted by pdf.js in a separate Node process. */
export function pdfText(pdf: Buffer): { text: string; pages: number } {
  const output = execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs')], {
    input: pdf,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.toString('utf8')) as { text: string; pages: number };
}
