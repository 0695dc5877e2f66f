import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DossierAnomaliesDto,
  DossierAnomaliesQueryDto,
  DossierCostsDto,
  DossierCostsQueryDto,
} from '@dossier-ledger/contracts';
import { CurrentPrincipal, Roles, UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import { DossierNotesUseCase } from './dossier-notes.use-case';
import { DossierReportUseCase } from './dossier-report.use-case';
import { queryPipe, resolveInScope } from './reports.controller';

const BAD_QUERY =
  'Unknown unit, bad dates, from after to, unknown period, bad page / pageSize / kind: the message names the parameter';

/** The dossiers behind the figures: what costs points, and the reconciliation of a subtree. */
@ApiTags('reports')
@Controller('v1/reports')
export class DossierNotesController {
  constructor(
    private readonly reports: DossierReportUseCase,
    private readonly notes: DossierNotesUseCase,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('dossiers/costs')
  @Roles('read')
  @ApiOperation({
    summary: 'The dossiers that cost points in a unit’s subtree: resolved late in the window, or overdue at `to`',
    description:
      'Window as for /v1/reports/dossiers. `kind=late` lists column 10 (its total equals the report’s resolved.late), ' +
      '`lateWithoutApology` the late ones without an apology letter (= scoring.lateWithoutApology), `overdue` column 13 at `to` ' +
      '(= pending.overdue). Paginated (page from 1, pageSize ≤ 500), stable order. Served from memory.',
  })
  @ApiOkResponse({ type: DossierCostsDto })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  costs(@Query(queryPipe) query: DossierCostsQueryDto, @CurrentPrincipal() principal: Principal): DossierCostsDto {
    return this.notes.costs(
      query,
      resolveInScope(principal, this.scope, () => this.reports.resolve(query)),
    );
  }

  @Get('anomalies')
  @Roles('read')
  @ApiOperation({
    summary:
      'Reconciliation of a unit’s subtree: anomalous dossiers per unit and code, and the identities of every unit’s form',
    description:
      'Dossiers of the window’s form (received by `to`, not finished before `from`; uncounted ones when their earliest event is in the window) whose ' +
      'events the fold found odd, paginated by unit then dossier id; `identityViolations` lists any broken identity of the form of any ' +
      'unit of the subtree (3 = 4+5+6, 7 = 8+9+10, 11 = 12+13, 3 = 7+11+14+15, level = Σ fields, unit = Σ children + own): a bug, always empty.',
  })
  @ApiOkResponse({ type: DossierAnomaliesDto })
  @ApiBadRequestResponse({ description: BAD_QUERY })
  anomalies(
    @Query(queryPipe) query: DossierAnomaliesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): DossierAnomaliesDto {
    return this.notes.anomalies(
      query,
      resolveInScope(principal, this.scope, () => this.reports.resolve(query)),
    );
  }
}
