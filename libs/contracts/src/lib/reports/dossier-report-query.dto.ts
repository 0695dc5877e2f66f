import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const REPORT_GROUPINGS = ['level', 'field', 'child'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const REPORT_CUTOFFS = ['calendar', 'statutory'] as const;
export type ReportCutoff = (typeof REPORT_CUTOFFS)[number];

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `GET /v1/reports/dossiers`: a unit and a window, given either as `from` + `to` or as a `period`
 * preset (`2024-02`, `2023-Q3`, `2023-H1`, `2023-9M`, `2023`), optionally on the statutory cut-off.
 */
export class DossierReportQueryDto {
  @ApiProperty({ description: 'GSO code of the unit (province 2 digits, district 3, commune 5)', example: '01' })
  @IsString({ message: 'unit is required (a unit code)' })
  @Matches(/^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/, { message: 'unit must be a unit code' })
  unit!: string;

  @ApiPropertyOptional({ description: 'First day, inclusive (Asia/Ho_Chi_Minh local date)', example: '2024-01-01' })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day, inclusive', example: '2024-03-31' })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Preset instead of from/to: YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-9M, YYYY',
    example: '2023-Q3',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32, { message: 'period is too long' })
  period?: string;

  @ApiPropertyOptional({
    enum: REPORT_CUTOFFS,
    description: 'statutory: 15th of the previous month to the 14th (NĐ 09/2019)',
  })
  @IsOptional()
  @IsIn(REPORT_CUTOFFS, { message: `cutoff must be one of ${REPORT_CUTOFFS.join(', ')}` })
  cutoff?: ReportCutoff;

  @ApiPropertyOptional({
    description:
      'Report the window under the unit hierarchy valid on this date instead of the one valid on `to` ' +
      '(e.g. 2025-07-01: a 2024 window under today’s provinces and communes). Not earlier than the hierarchy of `to`.',
    example: '2025-07-01',
  })
  @IsOptional()
  @Matches(LOCAL_DATE, { message: 'hierarchyAt must be a date YYYY-MM-DD' })
  hierarchyAt?: string;

  @ApiPropertyOptional({
    enum: REPORT_GROUPINGS,
    description: 'Adds `rows`: by level of the dossier’s unit, by field, or by child unit',
  })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS, { message: `by must be one of ${REPORT_GROUPINGS.join(', ')}` })
  by?: ReportGrouping;
}
