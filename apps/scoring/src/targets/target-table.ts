import {
  UNIT_LEVELS,
  type LevelTargets,
  type TargetField,
  type TargetShare,
  type UnitLevel,
} from '@dossier-ledger/contracts';
import type { OnlineTargets, RuntimeOnlineTarget } from '@dossier-ledger/scoring-rules';

/** The scope of the targets every province has unless it sets its own. */
export const DEFAULT_TARGET_SCOPE = 'default';

/** The on-time target (tỷ lệ giải quyết đúng hạn) shipped for every level: assumed, the dashboard's line. */
export const DEFAULT_ON_TIME_TARGET = 0.9;

export interface TargetValue {
  share: number;
  assumed: boolean;
  updatedAt: Date;
  updatedBy: string;
}

/**
 * The targets of one level in one scope: one document, read by `_id` (`default:commune`, `42:commune`).
 * A province's document holds only the targets it overrides; the others come from `default`.
 */
export interface TargetDoc {
  /** `${scope}:${level}` */
  _id: string;
  /** `default` or a province code. */
  scope: string;
  level: UnitLevel;
  /** Field → value (no dots in the keys). */
  values: Partial<Record<TargetField, TargetValue>>;
}

export const targetId = (scope: string, level: UnitLevel): string => `${scope}:${level}`;

/** The shipped defaults: the rule set's online targets per level and the assumed 90 % on time. */
export function defaultTargetDocs(onlineTargets: OnlineTargets | null, now: Date): TargetDoc[] {
  return UNIT_LEVELS.map((level) => {
    const online = onlineTargets?.byLevel[level];
    const value = (share: number, assumed: boolean): TargetValue => ({
      share,
      assumed,
      updatedAt: now,
      updatedBy: 'shipped default',
    });
    return {
      _id: targetId(DEFAULT_TARGET_SCOPE, level),
      scope: DEFAULT_TARGET_SCOPE,
      level,
      values: {
        ...(online && onlineTargets
          ? {
              online: value(online.online, onlineTargets.assumed),
              fullProcess: value(online.fullProcess, onlineTargets.assumed),
            }
          : {}),
        onTime: value(DEFAULT_ON_TIME_TARGET, true),
      },
    };
  });
}

/** The targets of a level in a province: each the province's own when it sets one, else the default. */
export function levelTargets(
  table: ReadonlyMap<string, TargetDoc>,
  province: string | null,
  level: UnitLevel,
): LevelTargets {
  const own = province === null ? undefined : table.get(targetId(province, level));
  const fallback = table.get(targetId(DEFAULT_TARGET_SCOPE, level));
  const pick = (field: TargetField): TargetShare | null => {
    const [doc, value] = own?.values[field] ? [own, own.values[field]] : [fallback, fallback?.values[field]];
    return doc && value ? { share: value.share, assumed: value.assumed, scope: doc.scope } : null;
  };
  return { level, online: pick('online'), fullProcess: pick('fullProcess'), onTime: pick('onTime') };
}

/** The online targets a score is judged against (both set), or undefined (the rule set's own then). */
export function runtimeOnlineTarget(targets: LevelTargets): (RuntimeOnlineTarget & { level: UnitLevel }) | undefined {
  const { online, fullProcess } = targets;
  if (online === null || fullProcess === null) return undefined;
  return {
    level: targets.level,
    online: online.share,
    fullProcess: fullProcess.share,
    assumed: online.assumed || fullProcess.assumed,
  };
}
