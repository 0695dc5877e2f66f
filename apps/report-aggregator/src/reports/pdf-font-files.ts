import { Injectable } from '@nestjs/common';
import type { PdfFonts } from '@dossier-ledger/report-forms';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** DejaVu Sans Condensed from the `dejavu-fonts-ttf` package: Vietnamese coverage, narrow enough for 15 columns. */
const FILES = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
} as const;

/**
 * The fonts embedded in PDF exports, read once on first use. Resolved from the running script
 * (`main.js` of the bundle, or `main.ts` from sources) so the bundler leaves the lookup alone.
 */
@Injectable()
export class PdfFontFiles {
  private fonts?: PdfFonts;

  get(): PdfFonts {
    if (!this.fonts) {
      const from = createRequire(resolve(process.argv[1] ?? join(process.cwd(), 'main.js')));
      const dir = join(dirname(from.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
      this.fonts = {
        regular: readFileSync(join(dir, FILES.regular)),
        bold: readFileSync(join(dir, FILES.bold)),
        italic: readFileSync(join(dir, FILES.italic)),
      };
    }
    return this.fonts;
  }
}
