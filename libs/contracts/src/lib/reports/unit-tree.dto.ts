import { ApiProperty } from '@nestjs/swagger';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import { ReportUnitDto } from './dossier-report.dto';

/** A unit of a subtree, with its parent so a client can draw the tree. */
export class UnitTreeNodeDto {
  @ApiProperty({ example: '42' }) code!: string;
  @ApiProperty({ example: 'Tỉnh Hà Tĩnh' }) name!: string;
  @ApiProperty({ enum: UNIT_LEVELS }) level!: UnitLevel;
  @ApiProperty({ type: String, nullable: true, description: 'null for the subtree’s root' }) parent!: string | null;
}

/** `GET /v1/reports/units`: a unit and every unit below it in the hierarchy valid on a date. */
export class UnitTreeDto {
  @ApiProperty({ example: 'units-2025-07-01.v1' }) hierarchy!: string;
  @ApiProperty({ example: '2025-12-31' }) on!: string;
  @ApiProperty({ type: [UnitTreeNodeDto], description: 'The root first, then its descendants depth-first' })
  units!: UnitTreeNodeDto[];
}

/** `GET /v1/reports/me`: what the caller's key may read (no secret in it). */
export class KeyScopeDto {
  @ApiProperty({ example: 'VNPT-HT' }) source!: string;
  @ApiProperty({ type: [String], example: ['read'] }) roles!: string[];
  @ApiProperty({ type: [ReportUnitDto], description: 'The roots of the readable subtrees, in today’s hierarchy' })
  units!: ReportUnitDto[];
}
