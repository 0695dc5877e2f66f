import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isIsoLocalDate, type LocalDate } from '@dossier-ledger/calendar';
import { KeyScopeDto, UnitTreeDto, type UnitTreeNodeDto } from '@dossier-ledger/contracts';
import {
  ApiError,
  assertUnitInScope,
  CurrentPrincipal,
  Roles,
  UnitScopeChecker,
  todayInVietnam,
  type Principal,
} from '@dossier-ledger/platform';
import type { Unit, UnitRegistry } from '@dossier-ledger/units';
import { resolveStreamUnit } from '../live/unit-subtree';
import { unitDto } from '../reports/dossier-report.use-case';
import { UNIT_REGISTRY } from './hierarchy.tokens';

function parameterError(parameter: string, message: string): ApiError {
  return new ApiError(400, message, [{ parameter, message }]);
}

/** What a client needs to draw a key's units: its roots, and a subtree by date (the dashboard's tree and search). */
@ApiTags('reports')
@Controller('v1/reports')
export class UnitsController {
  constructor(
    @Inject(UNIT_REGISTRY) private readonly registry: UnitRegistry,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get('me')
  @Roles('read')
  @ApiOperation({ summary: 'The caller’s key: its source, roles and the units whose subtrees it may read' })
  @ApiOkResponse({ type: KeyScopeDto })
  me(@CurrentPrincipal() principal: Principal): KeyScopeDto {
    const today = todayInVietnam();
    const units = principal.scope
      .map((code) => resolveStreamUnit(this.registry, code, today)?.unit)
      .filter((unit): unit is Unit => unit !== undefined)
      .map(unitDto);
    return { source: principal.source, roles: [...principal.roles], units };
  }

  @Get('units')
  @Roles('read')
  @ApiOperation({
    summary: 'A unit and every unit below it, in the hierarchy valid on `on`',
    description: 'Depth-first, the root first. Three levels before 01/07/2025, two after.',
  })
  @ApiQuery({ name: 'unit', required: true, example: '42' })
  @ApiQuery({ name: 'on', required: false, description: 'Local date YYYY-MM-DD; default today', example: '2025-12-31' })
  @ApiOkResponse({ type: UnitTreeDto })
  @ApiBadRequestResponse({ description: 'Missing or unknown unit, bad date: the message names the parameter' })
  units(
    @Query('unit') code: unknown,
    @Query('on') onParam: unknown,
    @CurrentPrincipal() principal: Principal,
  ): UnitTreeDto {
    if (typeof code !== 'string' || code === '') throw parameterError('unit', 'unit is required (a unit code)');
    if (onParam !== undefined && !isIsoLocalDate(onParam))
      throw parameterError('on', `on must be a valid date YYYY-MM-DD, got ${JSON.stringify(onParam)}`);
    const on: LocalDate = onParam ?? todayInVietnam();
    const era = this.registry.eraOn(on);
    const root = this.registry.get(code, on);
    if (!era || !root) throw parameterError('unit', `unit: unknown unit ${code} in the hierarchy valid on ${on}`);
    assertUnitInScope(principal, root.code, on, this.scope);
    const units: UnitTreeNodeDto[] = [];
    const visit = (unit: Unit, parent: string | null) => {
      units.push({ ...unitDto(unit), parent });
      for (const child of this.registry.children(unit.code, on)) visit(child, unit.code);
    };
    visit(root, null);
    return { hierarchy: era.id, on, units };
  }
}
