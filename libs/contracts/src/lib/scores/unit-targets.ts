import type { UnitLevel } from '../units/unit-level';

/** The targets kept per unit level: online share, full-process (toàn trình) share, on-time share. */
export const TARGET_FIELDS = ['online', 'fullProcess', 'onTime'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** One target as it applies: a share 0–1, where it is set (`default` or a province code), assumed or not. */
export interface TargetShare {
  readonly share: number;
  /** No official text behind it: a shipped default nobody has confirmed. */
  readonly assumed: boolean;
  /** `default`, or the code of the province that overrides it. */
  readonly scope: string;
}

/** The targets that apply to the units of one level (null: none is set). */
export interface LevelTargets {
  readonly level: UnitLevel;
  readonly online: TargetShare | null;
  readonly fullProcess: TargetShare | null;
  readonly onTime: TargetShare | null;
}

/** `GET /v1/targets?unit=` of the scoring service: the unit's own level's targets and its children's. */
export interface UnitTargetsDto {
  readonly unit: { readonly code: string; readonly name: string; readonly level: UnitLevel };
  /** The hierarchy date the unit, its province and its children are read on. */
  readonly on: string;
  /** The province whose overrides apply (the unit itself for a province). */
  readonly province: string;
  readonly targets: LevelTargets;
  /** null for a unit without children. */
  readonly childTargets: LevelTargets | null;
}
