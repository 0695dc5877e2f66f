import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DossierReportQueryDto } from './dossier-report-query.dto';
import { ReportUnitDto } from './dossier-report.dto';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** A unit, a window (`from` + `to` or `period`) and a page: the queries of the dossier lists. */
export class DossierListQueryDto extends PickType(DossierReportQueryDto, [
  'unit',
  'from',
  'to',
  'period',
  'cutoff',
  'hierarchyAt',
] as const) {
  @ApiPropertyOptional({ description: 'Page number, from 1', default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer ≥ 1' })
  @Min(1, { message: 'page must be an integer ≥ 1' })
  page?: number;

  @ApiPropertyOptional({
    description: `Dossiers per page, 1–${MAX_PAGE_SIZE}`,
    default: DEFAULT_PAGE_SIZE,
    example: DEFAULT_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}` })
  @Min(1, { message: `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

/** `GET /v1/reports/anomalies`. */
export class DossierAnomaliesQueryDto extends DossierListQueryDto {}

export const COST_KINDS = ['late', 'lateWithoutApology', 'overdue'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** `GET /v1/reports/dossiers/costs`. */
export class DossierCostsQueryDto extends DossierListQueryDto {
  @ApiProperty({
    enum: COST_KINDS,
    description:
      'late: resolved late in the window (column 10); lateWithoutApology: of those, without an apology letter; ' +
      'overdue: pending overdue at `to` (column 13: open, processing, appointment date before `to`)',
  })
  @IsIn(COST_KINDS, { message: `kind must be one of ${COST_KINDS.join(', ')}` })
  kind!: CostKind;
}

/** What every list answer repeats of its query. */
export class DossierListHeaderDto {
  @ApiProperty({ type: ReportUnitDto }) unit!: ReportUnitDto;
  @ApiProperty({
    description: 'Hierarchy the subtree is read in: the one valid on `hierarchyAt`, default `to`',
    example: 'units-2023-04-10.v1',
  })
  hierarchy!: string;
  @ApiProperty({ example: '2024-01-01' }) from!: string;
  @ApiProperty({ example: '2024-03-31' }) to!: string;
  @ApiProperty({ example: 'vn-default-v1' }) countingRules!: string;
  @ApiProperty({ description: 'Dossiers in the whole list (all pages)' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class DossierCostDto {
  @ApiProperty({ description: 'Dossier id (mã hồ sơ)' }) dossierId!: string;
  @ApiProperty({ description: 'The dossier’s own unit, in the hierarchy of the answer' }) unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, nullable: true }) fieldCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) procedureCode!: string | null;
  @ApiProperty({ example: '2024-03-02' }) receivedOn!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Appointment date in force on the finish day (late) or on the first overdue day (overdue)',
  })
  dueOn!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Finish date (late kinds); null for overdue dossiers' })
  finishedOn!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Late kinds: an apology letter was issued; null for overdue',
  })
  apologyIssued!: boolean | null;
  @ApiProperty({ description: 'Calendar days past the appointment date: at the finish (late) or at `to` (overdue)' })
  daysPastDue!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Overdue: first day of the overdue span that holds `to`' })
  overdueSince!: string | null;
}

export class DossierCostsDto extends DossierListHeaderDto {
  @ApiProperty({ enum: COST_KINDS }) kind!: CostKind;
  @ApiProperty({
    type: [DossierCostDto],
    description: 'Late kinds ordered by finish date, overdue by overdue-since date, then by dossier id',
  })
  dossiers!: DossierCostDto[];
}

export class AnomalyCountDto {
  @ApiProperty({ example: 'conflictingReceipt' }) code!: string;
  @ApiProperty({ enum: ['error', 'warning', 'info'] }) severity!: string;
  @ApiProperty({ description: 'Whether the anomaly changes what the dossier contributes' }) affectsCounts!: boolean;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'Dossiers with this anomaly' }) dossiers!: number;
}

export class UnitAnomalyCountDto {
  @ApiProperty({ type: ReportUnitDto }) unit!: ReportUnitDto;
  @ApiProperty({ description: 'Dossiers of this unit (its own, not its descendants’) with an anomaly' })
  dossiers!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Dossiers per anomaly code' })
  byCode!: Record<string, number>;
}

export class AnomalousDossierDto {
  @ApiProperty() dossierId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'False when the form does not count it (no receipt, rejected)' }) counted!: boolean;
  @ApiProperty({ type: String, nullable: true }) fieldCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) procedureCode!: string | null;
  @ApiProperty({ description: 'Receipt date (without a receipt: the earliest event’s date)' }) receivedOn!: string;
  @ApiProperty({ type: String, nullable: true }) finishedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['resolved', 'returned', 'withdrawn'] }) finishKind!:
    string | null;
  @ApiProperty({ type: [String], description: 'Anomaly codes (see byCode for their meaning)' }) anomalies!: string[];
}

export class IdentityViolationDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty({ example: 'Tổng cộng: (3) 2706 ≠ (4)+(5)+(6) 2705' }) message!: string;
}

export class DossierAnomaliesDto extends DossierListHeaderDto {
  @ApiProperty({ type: [AnomalyCountDto], description: 'Per anomaly code, over the subtree' })
  byCode!: AnomalyCountDto[];
  @ApiProperty({
    type: [UnitAnomalyCountDto],
    description: 'Units of the subtree with at least one anomalous dossier, by code',
  })
  byUnit!: UnitAnomalyCountDto[];
  @ApiProperty({ type: [AnomalousDossierDto], description: 'This page, ordered by unit code then dossier id' })
  dossiers!: AnomalousDossierDto[];
  @ApiProperty({ description: 'Units of the subtree whose form was checked' }) unitsChecked!: number;
  @ApiProperty({
    type: [IdentityViolationDto],
    description:
      'Broken identities of the form (3 = 4+5+6, 7 = 8+9+10, 11 = 12+13, 3 = 7+11+14+15, level = Σ fields, unit = Σ children + own): a bug, always empty',
  })
  identityViolations!: IdentityViolationDto[];
}
