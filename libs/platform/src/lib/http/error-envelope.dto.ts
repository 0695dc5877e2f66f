import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of ErrorEnvelope. */
export class ErrorEnvelopeDto {
  @ApiProperty({ example: 422 })
  statusCode!: number;

  @ApiProperty({ example: 'Unprocessable Entity' })
  error!: string;

  @ApiProperty({ example: '1 of 2 events are invalid; nothing was stored' })
  message!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Details, e.g. one entry per bad item',
  })
  errors?: unknown[];
}
