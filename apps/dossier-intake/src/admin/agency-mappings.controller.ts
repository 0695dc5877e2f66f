import { Controller, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AgencyMappingAdmin,
  ApiError,
  CurrentPrincipal,
  mediaType,
  readRequestBody,
  keyActor,
  Roles,
  UnitScopeChecker,
  type Principal,
} from '@dossier-ledger/platform';
import type { AgencyMapping } from '@dossier-ledger/units';
import type { Request } from 'express';
import { refusalsAs4xx, MAX_CSV_BYTES, optionalDate, readJsonObject, requiredString } from './admin-request';

const PERIOD_SCHEMA = {
  type: 'object',
  required: ['unitCode'],
  properties: {
    unitCode: { type: 'string', example: '11095' },
    validFrom: { type: 'string', format: 'date', nullable: true, example: null },
    validTo: { type: 'string', format: 'date', nullable: true, example: '2025-06-30' },
  },
};

/**
 * Agency mappings (mã định danh → GSO unit, effective-dated) as runtime data: every running
 * service picks a change up within AGENCY_MAPPINGS_REFRESH_MS. Role `admin`, within the key's
 * scope (an agency's every period, before and after the change); audit-logged.
 */
@ApiTags('admin')
@Controller('v1/admin/agency-mappings')
export class AgencyMappingsController {
  constructor(
    private readonly admin: AgencyMappingAdmin,
    private readonly scope: UnitScopeChecker,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every agency with its periods, among the units of the admin key’s scope' })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object' } } })
  list(@CurrentPrincipal() principal: Principal): Promise<AgencyMapping[]> {
    return this.admin.list(keyActor(principal, this.scope));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Map an agency to a unit from a date',
    description:
      'validFrom (YYYY-MM-DD) omitted: at any date (a new agency). With validFrom, the agency’s open period is closed the day before ' +
      '(how an agency moves to its post-reform commune on 2025-07-01). changed=false when it already stood for that unit.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['agencyCode', 'unitCode'],
      properties: {
        agencyCode: { type: 'string', example: '000.41.95.H30' },
        unitCode: { type: 'string', example: '11131' },
        validFrom: { type: 'string', format: 'date', example: '2025-07-01' },
      },
    },
  })
  async add(@Req() request: Request, @CurrentPrincipal() principal: Principal) {
    const body = await readJsonObject(request);
    const agencyCode = requiredString(body, 'agencyCode');
    const unitCode = requiredString(body, 'unitCode');
    const validFrom = optionalDate(body, 'validFrom');
    return refusalsAs4xx(() => this.admin.add(keyActor(principal, this.scope), agencyCode, unitCode, validFrom));
  }

  @Put(':agencyCode')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace an agency’s whole history', description: 'Periods must not overlap.' })
  @ApiBody({ schema: { type: 'object', properties: { periods: { type: 'array', items: PERIOD_SCHEMA } } } })
  async replace(
    @Param('agencyCode') agencyCode: string,
    @Req() request: Request,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgencyMapping> {
    const body = await readJsonObject(request);
    const periods = body['periods'];
    if (!Array.isArray(periods) || periods.some((p) => typeof p !== 'object' || p === null))
      throw new ApiError(400, 'periods: an array of {unitCode, validFrom, validTo} is required');
    return refusalsAs4xx(() => this.admin.replace(keyActor(principal, this.scope), agencyCode, periods));
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Import a CSV of agency histories',
    description:
      'text/csv with the header agencyCode,unitCode,validFrom,validTo (dates may be empty); one period per line. ' +
      'All lines valid or nothing is written (400 names the line); each agency in the file gets exactly the periods listed.',
  })
  @ApiConsumes('text/csv')
  async importCsv(@Req() request: Request, @CurrentPrincipal() principal: Principal) {
    if (mediaType(request.headers['content-type']) !== 'text/csv')
      throw new ApiError(415, 'Content-Type must be text/csv');
    const csv = (await readRequestBody(request, MAX_CSV_BYTES)).toString('utf8');
    return refusalsAs4xx(() => this.admin.importCsv(keyActor(principal, this.scope), csv));
  }
}
