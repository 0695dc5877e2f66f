import { Controller, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiError,
  CurrentPrincipal,
  decodeUtf8Body,
  mediaType,
  readRequestBody,
  Roles,
  type Principal,
} from '@dossier-ledger/platform';
import type { Request } from 'express';
import { EVENT_BATCH_LIMITS, JSON_MEDIA_TYPE, parseJsonDocument } from '../events/event-batch-parser';
import { DVCQG_ERROR_CODES, DvcqgError, type DvcqgAnswer } from './dvcqg-error';
import { DvcqgExceptionFilter } from './dvcqg-exception.filter';
import { SyncDvcqgSnapshotUseCase } from './sync-dvcqg-snapshot.use-case';

const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    error_code: { type: 'integer' },
    message: { type: 'string' },
    warnings: {
      type: 'array',
      description: 'Values read tolerantly (the snapshot was accepted): field, value, what was done instead',
      items: { type: 'object', properties: { field: { type: 'string' }, value: {}, reason: { type: 'string' } } },
    },
  },
};

@ApiTags('dvcqg')
@Controller('v1/dvcqg')
@UseFilters(DvcqgExceptionFilter)
export class DvcqgController {
  constructor(private readonly sync: SyncDvcqgSnapshotUseCase) {}

  @Post('DongBoHoSoMC')
  @HttpCode(200)
  @Roles('write')
  @ApiOperation({
    summary: 'National-portal sync payload (DongBoHoSoMC), as one-stop software already sends it',
    description:
      'Each HoSo is a state snapshot, diffed against the dossier’s last known state into canonical events (see docs/dvcqg.md). ' +
      'Dates yyyyMMddHHmmss local time; numbers may be strings; empty strings are missing values. Personal fields are ignored and never stored. ' +
      'Answers like the portal: 200 {error_code: 0, message}; 4xx {error_code ≠ 0, message naming the field}, nothing stored. ' +
      'error_code: 1 bad snapshot, 2 unknown agency code, 3 no/unknown key, 4 outside the key’s scope, 99 server error.',
  })
  @ApiQuery({
    name: 'MaDinhDanhDV',
    description: 'Agency code (mã định danh) of the sending unit, e.g. 000.00.00.H49',
    required: true,
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['data'],
      properties: {
        service: { type: 'string', example: 'DongBoHoSoMC' },
        isUpdating: { type: 'boolean' },
        data: {
          type: 'array',
          items: {
            type: 'object',
            example: {
              MaHoSo: 'H49.01-230105-0001',
              MaTTHC: '1.001193',
              MaLinhVuc: 'HT',
              KenhThucHien: '2',
              NgayTiepNhan: '20230105083000',
              NgayHenTra: '20230110170000',
              TrangThaiHoSo: '4',
              DanhSachHoSoBoSung: [],
            },
          },
        },
      },
    },
  })
  @ApiOkResponse({
    schema: { ...ANSWER_SCHEMA, example: { error_code: 0, message: 'OK: 1 HoSo, 1 events (1 new, 0 duplicates)' } },
  })
  @ApiBadRequestResponse({
    schema: {
      ...ANSWER_SCHEMA,
      example: {
        error_code: 1,
        message: 'data[0].NgayTiepNhan: must be a date yyyyMMddHHmmss (got "05/01/2023"); nothing was stored',
      },
    },
  })
  async syncDossiers(
    @Req() request: Request,
    @Query('MaDinhDanhDV') agencyCode: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DvcqgAnswer> {
    const arrived = new Date();
    if (agencyCode !== undefined && typeof agencyCode !== 'string')
      throw new DvcqgError(400, DVCQG_ERROR_CODES.unknownAgency, 'MaDinhDanhDV: give the agency code once');
    const type = mediaType(request.headers['content-type']);
    if (type !== JSON_MEDIA_TYPE)
      throw new ApiError(415, `Content-Type must be ${JSON_MEDIA_TYPE}${type ? ` (got ${type})` : ''}`);
    const body = parseJsonDocument(decodeUtf8Body(await readRequestBody(request, EVENT_BATCH_LIMITS.maxBytes)));
    const { error_code, message, warnings } = await this.sync.execute(principal, agencyCode, body, arrived);
    return warnings === undefined ? { error_code, message } : { error_code, message, warnings };
  }
}
