import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsInstantWithOffset } from './is-instant-with-offset.validator';
import {
  CHANNELS,
  DELIVERY_METHODS,
  DOSSIER_EVENT_TYPES,
  SERVICE_LEVELS,
  type Channel,
  type DeliveryMethod,
  type DossierEventType,
  type ServiceLevel,
} from './dossier-event-types';

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;
const INSTANT_EXAMPLE = '2023-01-05T08:30:00+07:00';

/** The flat envelope shared by every v1 event. */
export class DossierEventEnvelopeDto {
  @ApiProperty({ description: 'Unique per source; the idempotency key', example: 'ts-000001', maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  eventId!: string;

  @ApiProperty({ description: 'Dossier number (MaHoSo)', example: 'H30.41-230105-0001', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  dossierId!: string;

  @ApiProperty({ enum: DOSSIER_EVENT_TYPES })
  @IsIn(DOSSIER_EVENT_TYPES)
  type!: DossierEventType;

  @ApiProperty({ description: 'ISO-8601 with offset (local time is Asia/Ho_Chi_Minh)', example: INSTANT_EXAMPLE })
  @IsInstantWithOffset()
  occurredAt!: string;

  @ApiProperty({ description: 'Unit handling the dossier: GSO unit code or registered agency code', example: '11098' })
  @IsString()
  @Matches(CODE, { message: 'unitCode must be a GSO unit code or an agency code (letters, digits, . _ -)' })
  unitCode!: string;

  @ApiPropertyOptional({ description: 'Per-dossier sequence number from the source', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  seq?: number;

  @ApiPropertyOptional({ enum: [1], default: 1 })
  @IsOptional()
  @Equals(1, { message: 'schemaVersion must be 1 for this endpoint' })
  schemaVersion?: 1;
}

export class DossierReceivedDto extends DossierEventEnvelopeDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ description: 'Procedure code (MaTTHC)', example: '1.001193' })
  @IsString()
  @Matches(CODE, { message: 'procedureCode must be a procedure code (letters, digits, . _ -)' })
  procedureCode!: string;

  @ApiProperty({ description: 'Field code (MaLinhVuc)', example: 'HT' })
  @IsString()
  @Matches(CODE, { message: 'fieldCode must be a field code (letters, digits, . _ -)' })
  fieldCode!: string;

  @ApiProperty({
    nullable: true,
    description: 'Appointment date (ngày hẹn trả); null when the procedure has none',
    example: '2023-01-10T17:00:00+07:00',
  })
  @ValidateIf((o: DossierReceivedDto) => o.dueAt !== null)
  @IsInstantWithOffset({
    message: 'dueAt must be an ISO-8601 date-time with an offset, or null when the procedure has no appointment date',
  })
  dueAt!: string | null;

  @ApiPropertyOptional({ enum: SERVICE_LEVELS, description: 'Online service level: full or partial process' })
  @IsOptional()
  @IsIn(SERVICE_LEVELS)
  serviceLevel?: ServiceLevel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  feeBearing?: boolean;

  @ApiPropertyOptional({ description: 'Receiving unit when it differs from unitCode' })
  @IsOptional()
  @IsString()
  @Matches(CODE)
  receivingUnitCode?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  tags?: string[];
}

export class SupplementRequestedDto extends DossierEventEnvelopeDto {}

export class SupplementReceivedDto extends DossierEventEnvelopeDto {
  @ApiPropertyOptional({ description: 'New appointment date after the supplement', example: INSTANT_EXAMPLE })
  @IsOptional()
  @IsInstantWithOffset()
  newDueAt?: string;
}

export class PaymentRequestedDto extends DossierEventEnvelopeDto {}

export class PaymentCompletedDto extends DossierEventEnvelopeDto {
  @ApiProperty({ description: 'Paid online' })
  @IsBoolean()
  online!: boolean;
}

export class ProcessingPausedDto extends DossierEventEnvelopeDto {}
export class ProcessingResumedDto extends DossierEventEnvelopeDto {}

export class DossierTransferredDto extends DossierEventEnvelopeDto {
  @ApiProperty({ description: 'Unit the dossier is transferred to (liên thông)' })
  @IsString()
  @Matches(CODE)
  toUnitCode!: string;
}

export class DueDateChangedDto extends DossierEventEnvelopeDto {
  @ApiProperty({ example: INSTANT_EXAMPLE })
  @IsInstantWithOffset()
  newDueAt!: string;

  @ApiProperty({ description: 'Why the appointment date moved', example: 'extension' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  cause!: string;
}

export class ApologyIssuedDto extends DossierEventEnvelopeDto {
  @ApiPropertyOptional({
    description: 'New promised date; does not make a late dossier on time',
    example: INSTANT_EXAMPLE,
  })
  @IsOptional()
  @IsInstantWithOffset()
  newDueAt?: string;
}

export class DossierResolvedDto extends DossierEventEnvelopeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  electronicResult?: boolean;
}

export class ResultReturnedDto extends DossierEventEnvelopeDto {
  @ApiProperty({ enum: DELIVERY_METHODS })
  @IsIn(DELIVERY_METHODS)
  deliveredVia!: DeliveryMethod;
}

export class DossierReturnedDto extends DossierEventEnvelopeDto {}
export class DossierWithdrawnDto extends DossierEventEnvelopeDto {}
export class DossierRejectedDto extends DossierEventEnvelopeDto {}
export class DossierDigitizedDto extends DossierEventEnvelopeDto {}

export class SatisfactionRatedDto extends DossierEventEnvelopeDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 (very dissatisfied) to 5 (very satisfied)' })
  @IsNumber()
  @Min(1)
  @Max(5)
  score!: number;
}

/** One class per type: the validator picks it by `type`. */
export const DOSSIER_EVENT_DTO_BY_TYPE: Record<DossierEventType, new () => DossierEventEnvelopeDto> = {
  DossierReceived: DossierReceivedDto,
  SupplementRequested: SupplementRequestedDto,
  SupplementReceived: SupplementReceivedDto,
  PaymentRequested: PaymentRequestedDto,
  PaymentCompleted: PaymentCompletedDto,
  ProcessingPaused: ProcessingPausedDto,
  ProcessingResumed: ProcessingResumedDto,
  DossierTransferred: DossierTransferredDto,
  DueDateChanged: DueDateChangedDto,
  ApologyIssued: ApologyIssuedDto,
  DossierResolved: DossierResolvedDto,
  ResultReturned: ResultReturnedDto,
  DossierReturned: DossierReturnedDto,
  DossierWithdrawn: DossierWithdrawnDto,
  DossierRejected: DossierRejectedDto,
  DossierDigitized: DossierDigitizedDto,
  SatisfactionRated: SatisfactionRatedDto,
};
