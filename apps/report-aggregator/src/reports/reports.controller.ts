import { Controller, Get, Query, StreamableFile, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DossierReportDto, DossierReportQueryDto } from '@dossier-ledger/contracts';
import {
  ApiError,
  assertUnitInScope,
  CurrentPrincipal,
  Roles,
  UnitScopeChecker,
  type Principal,
} from '@dossier-ledger/platform';
import {
  CSV_CONTENT_TYPE,
  formII06aFileName,
  PDF_CONTENT_TYPE,
  renderCsv,
  renderPdf,
  renderXlsx,
  XLSX_CONTENT_TYPE,
  type FormTable,
} from '@dossier-ledger/report-forms';
import { PdfFontFiles } from './pdf-font-files';
import { DossierReportUseCase, type ResolvedReportQuery } from './dossier-report.use-case';
import { ReportParameterError } from './report-window';

export const queryPipe = new ValidationPipe({ transform: true, whitelist: true });

const WINDOW_DESCRIPTION =
  'Window: `from` + `to` (inclusive local dates), or `period` (2024-02, 2023-Q3, 2023-H1, 2023-9M, 2023) with `cutoff=statutory` ' +
  'for the 15th→14th variant. The unit is read in the hierarchy valid on `to`, or on `hierarchyAt` (a date, not earlier than ' +
  'the hierarchy of `to`) to report an old window under today’s units: a unit that does not exist there is a 400 naming its successor(s).';
const BAD_QUERY = 'Unknown unit, bad dates, from after to, unknown period: the message names the parameter';

/** Resolves a report query and checks the key's subtree; a bad parameter becomes a 400 naming it. */
export function resolveInScope<T extends ResolvedReportQuery>(
  principal: Principal,
  scope: UnitScopeChecker,
  resolve: () => T,
): T {
  try {
    const resolved = resolve();
    assertUnitInScope(principal, resolved.unit.code, resolved.hierarchyOn, scope);
    return resolved;
  } catch (error) {
    throw asApiError(error);
  }
}

export function asApiError(error: unknown): unknown {
  if (error instanceof ReportParameterError)
    return new ApiError(400, error.message, [{ parameter: error.parameter, message: error.message }]);
  return error;
}

/** A download: RFC 6266 attachment with the ASCII name and its UTF-8 form. */
function attachment(body: Buffer, type: string, fileName: string): StreamableFile {
  return new StreamableFile(body, {
    type,
    length: body.length,
    disposition: `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: DossierReportUseCase,
    private readonly scope: UnitScopeChecker,
    private readonly fonts: PdfFontFiles,
  ) {}

  @Get('dossiers')
  @Roles('read')
  @ApiOperation({
    summary: 'Dossier figures (form II.06a) and scoring inputs of a unit over a window',
    description:
      `${WINDOW_DESCRIPTION} \`by\` adds rows per level, field or child unit; child rows carry their unit's \`scoring\` too. ` +
      'Served from memory by any replica.',
  })
  @ApiOkResponse({ type: DossierReportDto })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  dossiers(@Query(queryPipe) query: DossierReportQueryDto, @CurrentPrincipal() principal: Principal): DossierReportDto {
    const resolved = resolveInScope(principal, this.scope, () => this.reports.resolve(query));
    return this.reports.report(query, resolved);
  }

  @Get('dossiers.xlsx')
  @Roles('read')
  @ApiOperation({
    summary: 'Form II.06a (Biểu số II.06a/VPCP/KSTT) of a unit over a window, as XLSX',
    description: `${WINDOW_DESCRIPTION} \`by\` is ignored.`,
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The form as a workbook (attachment)',
    content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  async dossiersXlsx(
    @Query(queryPipe) query: DossierReportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { input, table } = this.reports.form(
      resolveInScope(principal, this.scope, () => this.reports.resolve(query)),
    );
    return attachment(await renderXlsx(table), XLSX_CONTENT_TYPE, formII06aFileName(input, 'xlsx'));
  }

  @Get('dossiers.csv')
  @Roles('read')
  @ApiOperation({
    summary: 'Form II.06a of a unit over a window, as CSV',
    description: `${WINDOW_DESCRIPTION} UTF-8 with a BOM, comma-separated, CRLF; counts printed as on the paper form (20.845). \`by\` is ignored.`,
  })
  @ApiProduces(CSV_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The form as CSV (attachment)',
    content: { [CSV_CONTENT_TYPE]: { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  dossiersCsv(
    @Query(queryPipe) query: DossierReportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): StreamableFile {
    const { input, table } = this.reports.form(
      resolveInScope(principal, this.scope, () => this.reports.resolve(query)),
    );
    return attachment(renderCsv(table), CSV_CONTENT_TYPE, formII06aFileName(input, 'csv'));
  }

  @Get('dossiers.pdf')
  @Roles('read')
  @ApiOperation({
    summary: 'Form II.06a of a unit over a window, as PDF (A4 landscape, to print and sign)',
    description: `${WINDOW_DESCRIPTION} The official layout: header lines, title, period, the numbered columns, level and total rows, rates, notes and the signature block; DejaVu Sans embedded. \`by\` is ignored.`,
  })
  @ApiProduces(PDF_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The form as PDF (attachment)',
    content: { [PDF_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  async dossiersPdf(
    @Query(queryPipe) query: DossierReportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const { input, table } = this.reports.form(
      resolveInScope(principal, this.scope, () => this.reports.resolve(query)),
    );
    const pdf = await renderPdf(table, { fonts: this.fonts.get() });
    return attachment(pdf, PDF_CONTENT_TYPE, formII06aFileName(input, 'pdf'));
  }

  @Get('dossiers.form')
  @Roles('read')
  @ApiOperation({
    summary: 'Form II.06a of a unit over a window, as the table the XLSX, CSV and PDF files draw (JSON)',
    description: `${WINDOW_DESCRIPTION} Header lines, column header cells with their spans, numbered columns, rows (level, field, total) with their values in column order, rates and notes: what a screen needs to show the form cell for cell as the files print it. \`by\` is ignored.`,
  })
  @ApiOkResponse({ description: 'The form table', schema: { type: 'object' } })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  dossiersForm(@Query(queryPipe) query: DossierReportQueryDto, @CurrentPrincipal() principal: Principal): FormTable {
    return this.reports.form(resolveInScope(principal, this.scope, () => this.reports.resolve(query))).table;
  }
}
