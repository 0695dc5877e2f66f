import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AverageFigure,
  DossierFigures,
  FinishedFigures,
  PendingFigures,
  RateFigures,
  ReceivedFigures,
  RepeatedSupplementFigures,
  ReportScoringFigures,
  ResolvedFigures,
  Share,
} from './report-figures';

export class ReportUnitDto {
  @ApiProperty({ example: '01' }) code!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) name!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) level!: UnitLevel;
}

export class ReceivedInPeriodDto {
  @ApiProperty({ description: 'Columns 4 + 5' }) total!: number;
  @ApiProperty({ description: 'Column 4' }) online!: number;
  @ApiProperty({ description: 'Column 5 (with postal)' }) direct!: number;
  @ApiProperty({ description: 'Column 5 (with direct)' }) postal!: number;
}

export class ReceivedFiguresDto implements ReceivedFigures {
  @ApiProperty({ description: 'Column 3 = 4 + 5 + 6' }) total!: number;
  @ApiProperty({ type: ReceivedInPeriodDto }) inPeriod!: ReceivedInPeriodDto;
  @ApiProperty({ description: 'Column 6: received before `from`, not finished before `from`' }) carriedOver!: number;
}

export class ResolvedFiguresDto implements ResolvedFigures {
  @ApiProperty({ description: 'Column 7 = 8 + 9 + 10' }) total!: number;
  @ApiProperty({ description: 'Column 8: finished before the appointment date' }) early!: number;
  @ApiProperty({ description: 'Column 9: on the appointment date, or no appointment date' }) onTime!: number;
  @ApiProperty({ description: 'Column 10' }) late!: number;
}

export class PendingByStateDto {
  @ApiProperty() processing!: number;
  @ApiProperty() waitingSupplement!: number;
  @ApiProperty() waitingPayment!: number;
  @ApiProperty() paused!: number;
}

export class PendingFiguresDto implements PendingFigures {
  @ApiProperty({ description: 'Column 11 = 12 + 13: received by `to`, not finished by `to`' }) total!: number;
  @ApiProperty({ description: 'Column 12 (waiting and paused dossiers count as in time)' }) inTime!: number;
  @ApiProperty({ description: 'Column 13: processing with appointment date before `to`' }) overdue!: number;
  @ApiProperty({ type: PendingByStateDto }) byState!: PendingByStateDto;
}

export class RateFiguresDto implements RateFigures {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '(early + on time) / resolved; null when nothing was resolved',
  })
  onTime!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'late / resolved (tỷ lệ giải quyết quá hạn); null when nothing was resolved',
  })
  late!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'online / received in period; null when nothing was received',
  })
  online!: number | null;
}

export class ShareDto implements Share {
  @ApiProperty() count!: number;
  @ApiProperty() of!: number;
  @ApiProperty({ type: Number, nullable: true }) rate!: number | null;
}

export class AverageFigureDto implements AverageFigure {
  @ApiProperty() sum!: number;
  @ApiProperty() count!: number;
  @ApiProperty({ type: Number, nullable: true }) average!: number | null;
}

export class ProcedureCountsDto {
  @ApiProperty() withDossiers!: number;
  @ApiProperty() withOnlineDossiers!: number;
}

export class FinishedFiguresDto implements FinishedFigures {
  @ApiProperty() early!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty() late!: number;
  @ApiProperty() returned!: number;
  @ApiProperty() withdrawn!: number;
}

export class RepeatedSupplementFiguresDto implements RepeatedSupplementFigures {
  @ApiProperty({ description: 'Resolved early or on time in the window after two or more supplement rounds' })
  resolvedEarlyOrOnTime!: number;
  @ApiProperty({ description: 'Pending in time at `to` with two or more supplement rounds requested by `to`' })
  pendingInTime!: number;
}

/** Dossier-derived inputs of the scores (Decision 766, PAR index). */
export class ScoringFiguresDto implements ReportScoringFigures {
  @ApiProperty({
    type: FinishedFiguresDto,
    description:
      'Dossiers finished in the window as they finished (resolved early / on time / late, returned, withdrawn), never folded by the counting rules: scores read these',
  })
  finished!: FinishedFiguresDto;
  @ApiProperty({
    type: RepeatedSupplementFiguresDto,
    description:
      'Of the early / on-time finishes and the pending in time, the dossiers with more than one supplement request (yêu cầu bổ sung): 766 progress judges them late; the form still counts them as early / on time / in time',
  })
  repeatedSupplement!: RepeatedSupplementFiguresDto;
  @ApiProperty({ type: ShareDto }) lateWithApology!: ShareDto;
  @ApiProperty() lateWithoutApology!: number;
  @ApiProperty() feeBearing!: number;
  @ApiProperty({ type: ShareDto }) paidOnline!: ShareDto;
  @ApiProperty({ type: ShareDto }) electronicResult!: ShareDto;
  @ApiProperty({ type: ShareDto }) digitized!: ShareDto;
  @ApiProperty({ type: ShareDto }) receivedOnlineFull!: ShareDto;
  @ApiProperty({ type: ShareDto }) receivedOnlinePartial!: ShareDto;
  @ApiProperty({ type: AverageFigureDto, description: 'Ratings 1–5 given in the window' })
  satisfaction!: AverageFigureDto;
  @ApiProperty({ type: AverageFigureDto }) resolutionWorkingDays!: AverageFigureDto;
  @ApiProperty({ type: ProcedureCountsDto }) procedures!: ProcedureCountsDto;
}

/** The figures of form II.06a; received.total = resolved.total + returned + withdrawn + pending.total. */
export class DossierFiguresDto implements DossierFigures {
  @ApiProperty({ type: ReceivedFiguresDto }) received!: ReceivedFiguresDto;
  @ApiProperty({ type: ResolvedFiguresDto }) resolved!: ResolvedFiguresDto;
  @ApiProperty({ description: 'Returned (trả lại) in the window' }) returned!: number;
  @ApiProperty({ description: 'Withdrawn (rút) in the window' }) withdrawn!: number;
  @ApiProperty({ type: PendingFiguresDto }) pending!: PendingFiguresDto;
  @ApiProperty({ type: RateFiguresDto }) rates!: RateFiguresDto;
}

export class DossierReportRowDto extends DossierFiguresDto {
  @ApiProperty({ description: 'Level (province|district|commune), field code or child unit code' }) key!: string;
  @ApiProperty({ description: 'Level name, field name or child unit name' }) label!: string;
  @ApiPropertyOptional({
    type: ScoringFiguresDto,
    description: 'by=child rows only: the child unit’s scoring inputs (the same as its own report’s `scoring`)',
  })
  scoring?: ScoringFiguresDto;
}

export class ReportPeriodDto {
  @ApiProperty({ example: '2023-Q3' }) code!: string;
  @ApiProperty({ example: 'Quý III/2023' }) label!: string;
  @ApiProperty({ enum: ['calendar', 'statutory'] }) cutoff!: string;
}

export class DossierReportDto extends DossierFiguresDto {
  @ApiProperty({ type: ReportUnitDto }) unit!: ReportUnitDto;
  @ApiProperty({
    description: 'Hierarchy (dataset) the window is reported under: the one valid on `hierarchyAt`, default `to`',
    example: 'units-2023-04-10.v1',
  })
  hierarchy!: string;
  @ApiProperty({ example: '2024-01-01' }) from!: string;
  @ApiProperty({ example: '2024-03-31' }) to!: string;
  @ApiPropertyOptional({ type: ReportPeriodDto }) period?: ReportPeriodDto;
  @ApiProperty({ description: 'Id of the counting rules that produced the figures', example: 'vn-default-v1' })
  countingRules!: string;
  @ApiProperty({ type: ScoringFiguresDto }) scoring!: ScoringFiguresDto;
  @ApiPropertyOptional({ type: [DossierReportRowDto], description: 'Present with `by`' }) rows?: DossierReportRowDto[];
}
