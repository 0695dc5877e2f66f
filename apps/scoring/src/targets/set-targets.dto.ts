import { TARGET_FIELDS, UNIT_LEVELS, type TargetField, type UnitLevel } from '@dossier-ledger/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsNumber, IsOptional, Max, Min, validateSync } from 'class-validator';
import { DEFAULT_TARGET_SCOPE } from './target-table';

const SHARE = { minimum: 0, maximum: 1, nullable: true };

/**
 * Body of `PUT /v1/admin/targets/{scope}/{level}`: shares 0–1; a field left out keeps its value,
 * `null` removes a province's own target (the default applies again).
 */
export class SetTargetsDto {
  @ApiPropertyOptional({ ...SHARE, example: 0.9, description: 'Online dossiers / dossiers received' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'online must be a share from 0 to 1' })
  @Min(0, { message: 'online must be a share from 0 to 1' })
  @Max(1, { message: 'online must be a share from 0 to 1' })
  online?: number | null;

  @ApiPropertyOptional({ ...SHARE, example: 0.85, description: 'Full-process (toàn trình) online dossiers / received' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'fullProcess must be a share from 0 to 1' })
  @Min(0, { message: 'fullProcess must be a share from 0 to 1' })
  @Max(1, { message: 'fullProcess must be a share from 0 to 1' })
  fullProcess?: number | null;

  @ApiPropertyOptional({ ...SHARE, example: 0.95, description: 'Resolved early or on time / resolved' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'onTime must be a share from 0 to 1' })
  @Min(0, { message: 'onTime must be a share from 0 to 1' })
  @Max(1, { message: 'onTime must be a share from 0 to 1' })
  onTime?: number | null;
}

/** One broken rule, named by field (as the intake's admin API answers). */
export interface TargetViolation {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export class TargetsInputError extends Error {
  constructor(readonly violations: readonly TargetViolation[]) {
    super(violations.map((v) => v.message).join('; '));
    this.name = 'TargetsInputError';
  }
}

const refuse = (field: string, rule: string, message: string) => new TargetsInputError([{ field, rule, message }]);

/** The changes a body asks for: field → share, or null to remove a province's own value. */
export type TargetChanges = Partial<Record<TargetField, number | null>>;

/** `level` of the path: one of the unit levels. */
export function parseTargetLevel(value: string): UnitLevel {
  if (!(UNIT_LEVELS as readonly string[]).includes(value))
    throw refuse('level', 'isIn', `level must be one of ${UNIT_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as UnitLevel;
}

/** Validates a body against `SetTargetsDto`: unknown fields, non-shares and an empty body are refused. */
export function parseTargetChanges(raw: unknown, scope: string): TargetChanges {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw refuse('body', 'isObject', 'the body must be a JSON object {online?, fullProcess?, onTime?}');
  const body = raw as Record<string, unknown>;
  const errors = validateSync(plainToInstance(SetTargetsDto, body), { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0)
    throw new TargetsInputError(
      errors.flatMap((error) =>
        Object.entries(error.constraints ?? {}).map(([rule, message]) =>
          rule === 'whitelistValidation'
            ? {
                field: error.property,
                rule: 'unknownField',
                message: `${error.property} is not a target (${TARGET_FIELDS.join(', ')})`,
              }
            : { field: error.property, rule, message },
        ),
      ),
    );
  const changes: TargetChanges = {};
  for (const field of TARGET_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (value === null && scope === DEFAULT_TARGET_SCOPE)
      throw refuse(field, 'required', `${field}: the default cannot be removed, give a share from 0 to 1`);
    changes[field] = value as number | null;
  }
  if (Object.keys(changes).length === 0)
    throw refuse('body', 'notEmpty', `give at least one of ${TARGET_FIELDS.join(', ')}`);
  return changes;
}
