import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { DOSSIER_EVENT_DTO_BY_TYPE } from '@dossier-ledger/contracts';
import { CurrentPrincipal, ErrorEnvelopeDto, Roles, type Principal } from '@dossier-ledger/platform';
import type { PublishedDossierEvent } from '../publishing/dossier-event.publisher';
import { ReadDossierEventsUseCase } from './read-dossier-events.use-case';

const EVENT_DTOS = Object.values(DOSSIER_EVENT_DTO_BY_TYPE);

@ApiTags('dossiers')
@ApiExtraModels(...EVENT_DTOS)
@Controller('v1/dossiers')
export class DossierEventsController {
  constructor(private readonly readEvents: ReadDossierEventsUseCase) {}

  @Get(':dossierId/events')
  @Roles('read')
  @ApiOperation({ summary: "A dossier's stored events in order (audit and support); scoped like writes" })
  @ApiParam({ name: 'dossierId', description: 'Dossier number (MaHoSo)' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        dossierId: { type: 'string' },
        events: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              source: { type: 'string' },
              receivedAt: { type: 'string', format: 'date-time' },
              event: { oneOf: EVENT_DTOS.map((dto) => ({ $ref: getSchemaPath(dto) })) },
            },
          },
        },
      },
    },
  })
  @ApiNotFoundResponse({ type: ErrorEnvelopeDto })
  read(
    @Param('dossierId') dossierId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ dossierId: string; events: PublishedDossierEvent[] }> {
    return this.readEvents.execute(principal, dossierId);
  }
}
