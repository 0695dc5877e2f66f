import { UNIT_LEVELS, type UnitLevel } from '@dossier-ledger/contracts';
import { roundTo } from './rounding';

import type { ScoringFigures } from './figures';

/** Shares (0–1) a unit of one level must reach. */
export interface OnlineTarget {
  /** Dossiers received online / dossiers received in the window. */
  readonly online: number;
  /** Full-process online dossiers (toàn trình) / dossiers received in the window. */
  readonly fullProcess: number;
}

/** Online targets per level, as data of a rule set. */
export interface OnlineTargets {
  readonly byLevel: Readonly<Partial<Record<UnitLevel, OnlineTarget>>>;
  readonly source: string;
  readonly assumed: boolean;
}

/**
 * A level's online targets decided at run time (the scoring service's target table): they replace
 * the rule set's numbers for that level. The rule set still decides whether online targets are judged.
 */
export interface RuntimeOnlineTarget extends OnlineTarget {
  readonly assumed: boolean;
}

export interface TargetCheck {
  readonly target: number;
  /** null when nothing was received in the window. */
  readonly value: number | null;
  /** null when there is nothing to judge. */
  readonly met: boolean | null;
}

/** Whether a unit met its level's online targets in the window. */
export interface OnlineTargetsCheck {
  readonly level: UnitLevel;
  readonly online: TargetCheck;
  readonly fullProcess: TargetCheck;
  /** Both met; null when nothing was received. */
  readonly met: boolean | null;
  readonly assumed: boolean;
}

function check(target: number, count: number, of: number): TargetCheck {
  if (of === 0) return { target, value: null, met: null };
  const value = count / of;
  return { target, value: roundTo(value, 4), met: value >= target };
}

/**
 * The unit's shares against its level's targets; null when the rule set has no targets (or none for
 * that level without a runtime target), or the level is not known. A `runtime` target replaces the
 * rule set's numbers for the level.
 */
export function checkOnlineTargets(
  targets: OnlineTargets | null,
  level: string | undefined,
  figures: ScoringFigures,
  runtime?: RuntimeOnlineTarget,
): OnlineTargetsCheck | null {
  if (targets === null || level === undefined || !(UNIT_LEVELS as readonly string[]).includes(level)) return null;
  const target = runtime ?? targets.byLevel[level as UnitLevel];
  if (target === undefined) return null;
  const received = figures.received.inPeriod.total;
  const online = check(target.online, figures.received.inPeriod.online, received);
  const fullProcess = check(target.fullProcess, figures.receivedOnlineFull, received);
  return {
    level: level as UnitLevel,
    online,
    fullProcess,
    met: online.met === null || fullProcess.met === null ? null : online.met && fullProcess.met,
    assumed: runtime?.assumed ?? targets.assumed,
  };
}

/** Problems of an `onlineTargets` value read from a data file (empty when it is valid). */
export function onlineTargetsIssues(raw: unknown): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ['must be an object or null'];
  const value = raw as Record<string, unknown>;
  const issues: string[] = [];
  for (const key of Object.keys(value))
    if (!['byLevel', 'source', 'assumed'].includes(key)) issues.push(`unknown key '${key}'`);
  if (typeof value['source'] !== 'string' || value['source'].trim() === '')
    issues.push('source must be a non-empty string');
  if (typeof value['assumed'] !== 'boolean') issues.push('assumed must be true or false');
  const byLevel = value['byLevel'];
  if (byLevel === null || typeof byLevel !== 'object' || Array.isArray(byLevel)) {
    issues.push('byLevel must be an object');
    return issues;
  }
  for (const [level, target] of Object.entries(byLevel)) {
    if (!(UNIT_LEVELS as readonly string[]).includes(level)) {
      issues.push(`byLevel: unknown level '${level}' (${UNIT_LEVELS.join(', ')})`);
      continue;
    }
    const t = target as Record<string, unknown> | null;
    for (const share of ['online', 'fullProcess']) {
      const v = t?.[share];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) issues.push(`byLevel.${level}.${share} must be a share 0–1`);
    }
  }
  return issues;
}
