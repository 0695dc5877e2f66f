import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { DOSSIER_EVENT_DTO_BY_TYPE } from '@dossier-ledger/contracts';
import {
  CurrentPrincipal,
  ErrorEnvelopeDto,
  mediaType,
  readRequestBody,
  Roles,
  type Principal,
} from '@dossier-ledger/platform';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { AcceptEventsUseCase } from './accept-events.use-case';
import { AcceptEventsResponseDto, ItemErrorDto } from './dto/accept-events-response.dto';
import { assertEventBatchMediaType, EVENT_BATCH_LIMITS, parseEventBatch } from './event-batch-parser';

const EVENT_DTOS = Object.values(DOSSIER_EVENT_DTO_BY_TYPE);

@ApiTags('events')
@ApiExtraModels(...EVENT_DTOS, ItemErrorDto)
@Controller('v1/events')
export class EventsController {
  constructor(private readonly acceptEvents: AcceptEventsUseCase) {}

  @Post()
  @HttpCode(202)
  @Roles('write')
  @ApiOperation({
    summary: 'Submit canonical v1 events',
    description:
      `A JSON array (application/json) or one event per line (application/x-ndjson), at most ${EVENT_BATCH_LIMITS.maxEvents} events and ` +
      `${EVENT_BATCH_LIMITS.maxBytes / 1024 / 1024} MB. All or nothing: one bad item → 422 and nothing is stored. ` +
      '202 only once the events are stored and on Kafka. A source + eventId seen before is a duplicate (acknowledged, changes nothing).',
  })
  @ApiConsumes('application/json', 'application/x-ndjson')
  @ApiBody({
    schema: {
      type: 'array',
      maxItems: EVENT_BATCH_LIMITS.maxEvents,
      items: {
        oneOf: EVENT_DTOS.map((dto) => ({ $ref: getSchemaPath(dto) })),
        discriminator: { propertyName: 'type' },
      },
    },
  })
  @ApiAcceptedResponse({ type: AcceptEventsResponseDto })
  @ApiBadRequestResponse({
    type: ErrorEnvelopeDto,
    description: 'Unparsable JSON (message gives the position) or NDJSON (the line)',
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorEnvelopeDto,
    description: `More than ${EVENT_BATCH_LIMITS.maxEvents} events or a body over 16 MB`,
  })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorEnvelopeDto })
  @ApiUnprocessableEntityResponse({
    type: ErrorEnvelopeDto,
    description: 'errors: one ItemError {index, eventId, field, rule, message} per bad item',
  })
  async submit(@Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<AcceptEventsResponseDto> {
    const receivedAt = new Date();
    const type = mediaType(request.headers['content-type']);
    assertEventBatchMediaType(type);
    const body = await readRequestBody(request, EVENT_BATCH_LIMITS.maxBytes);
    const items = parseEventBatch(body, type);
    return this.acceptEvents.acceptAll(principal, items, randomUUID(), receivedAt);
  }
}
