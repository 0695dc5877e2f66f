import { Controller, Get, Query, ValidationPipe } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DossierReportDto, DossierReportQueryDto } from '@dossier-ledger/contracts';
import { ApiError, assertUnitInScope, CurrentPrincipal, Roles, UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import { DossierReportService } from './dossier-report.service';
import { ReportParameterError } from './report-window';

const queryPipe = new ValidationPipe({ transform: true, whitelist: true });

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: DossierReportService,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('dossiers')
  @Roles('read')
  @ApiOperation({
    summary: 'Dossier figures (form II.06a) and scoring inputs of a unit over a window',
    description:
      'Window: `from` + `to` (inclusive local dates), or `period` (2024-02, 2023-Q3, 2023-H1, 2023-9M, 2023) with `cutoff=statutory` ' +
      'for the 15th→14th variant. The unit is read in the hierarchy valid on `to`. `by` adds rows per level, field or child unit. ' +
      'Served from memory by any replica.',
  })
  @ApiOkResponse({ type: DossierReportDto })
  @ApiBadRequestResponse({ description: 'Unknown unit, bad dates, from after to, unknown period: the message names the parameter' })
  dossiers(@Query(queryPipe) query: DossierReportQueryDto, @CurrentPrincipal() principal: Principal): DossierReportDto {
    try {
      const resolved = this.reports.resolve(query);
      assertUnitInScope(principal, resolved.unit.code, resolved.window.to, this.scope);
      return this.reports.report(query, resolved);
    } catch (error) {
      if (error instanceof ReportParameterError) throw new ApiError(400, error.message, [{ parameter: error.parameter, message: error.message }]);
      throw error;
    }
  }
}
