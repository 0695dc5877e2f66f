import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { UnitTargetsDto } from '@dossier-ledger/contracts';
import {
  AdminScopeError,
  ApiError,
  CurrentPrincipal,
  keyActor,
  Roles,
  todayInVietnam,
  UnitScopeChecker,
  type Principal,
} from '@dossier-ledger/platform';
import { parseUnitOn, ScoreParameterError, type RawQuery } from '../scores/score-params';
import { SetTargetsDto, TargetsInputError } from './set-targets.dto';
import type { TargetDoc } from './target-table';
import { TargetsUseCase } from './targets.use-case';

/** Runs `work`, answering a refusal as 400 naming the field and the rule, a unit outside the admin key's scope as 403. */
async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AdminScopeError) throw new ApiError(403, error.message);
    if (error instanceof TargetsInputError) throw new ApiError(400, error.message, [...error.violations]);
    if (error instanceof ScoreParameterError)
      throw new ApiError(400, error.message, [{ field: error.parameter, rule: 'valid', message: error.message }]);
    throw error;
  }
}

const BAD_REQUEST = ApiBadRequestResponse({ description: 'errors[] name the field and the rule broken' });

/**
 * Targets per unit level (online, full-process, on time) as runtime data: `default` and per-province
 * overrides, seeded from the shipped defaults. Reads with `read`; changes with `admin`, audit-logged.
 */
@Controller('v1')
export class TargetsController {
  constructor(
    @Inject(TargetsUseCase) private readonly targets: TargetsUseCase,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('targets')
  @Roles('read')
  @ApiTags('targets')
  @ApiOperation({
    summary: 'The targets that apply to a unit and to its children',
    description:
      'Per target (online, fullProcess, onTime): the share 0–1, whether it is assumed (a shipped default), and its scope ' +
      '(`default` or the province that sets its own). `on` (default today) is the hierarchy date.',
  })
  @ApiQuery({ name: 'unit', required: true, example: '42' })
  @ApiQuery({ name: 'on', required: false, example: '2025-12-31' })
  @BAD_REQUEST
  forUnit(@Query() query: RawQuery, @CurrentPrincipal() principal: Principal): Promise<UnitTargetsDto> {
    return asBadRequest(async () => {
      const { unit, on } = parseUnitOn(query, todayInVietnam());
      if (this.scope.check(principal.scope, unit, on).kind === 'out')
        throw new ApiError(
          403,
          `Unit ${unit} is outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`,
        );
      return this.targets.forUnit(unit, on);
    });
  }

  @Get('admin/targets')
  @Roles('admin')
  @ApiTags('admin')
  @ApiOperation({ summary: 'The defaults per level, and the own targets of the provinces in the key’s scope' })
  list(@CurrentPrincipal() principal: Principal): Promise<TargetDoc[]> {
    return this.targets.list(keyActor(principal, this.scope));
  }

  @Put('admin/targets/:scope/:level')
  @Roles('admin')
  @ApiTags('admin')
  @ApiOperation({
    summary: 'Set the targets of a level, by default or for one province',
    description:
      'Shares 0–1; a field left out keeps its value, null removes the province’s own (the default applies again). ' +
      'A province must lie in the admin key’s scope; the defaults need a key that administers every province (else 403). ' +
      'Every scoring replica uses the change within TARGETS_CACHE_TTL_MS, without a restart. Audit-logged.',
  })
  @ApiParam({ name: 'scope', example: 'default', description: '`default`, or a province code' })
  @ApiParam({ name: 'level', enum: ['province', 'district', 'commune'] })
  @ApiBody({ type: SetTargetsDto })
  @BAD_REQUEST
  set(
    @Param('scope') scope: string,
    @Param('level') level: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TargetDoc> {
    return asBadRequest(() => this.targets.set(keyActor(principal, this.scope), scope, level, body));
  }
}
