import type { OnModuleInit } from '@nestjs/common';
import type { UnitTargetsDto, UnitLevel } from '@dossier-ledger/contracts';
import {
  administersAll,
  AdminScopeError,
  assertAdministers,
  todayInVietnam,
  type AdminActor,
  type AuditLog,
} from '@dossier-ledger/platform';
import type { mongo } from 'mongoose';
import { DEFAULT_RULE_SET_ID, type RuleSetCatalog, type RuntimeOnlineTarget } from '@dossier-ledger/scoring-rules';
import type { UnitRegistry } from '@dossier-ledger/units';
import { parseTargetChanges, parseTargetLevel, TargetsInputError } from './set-targets.dto';
import {
  DEFAULT_TARGET_SCOPE,
  defaultTargetDocs,
  levelTargets,
  runtimeOnlineTarget,
  type TargetDoc,
} from './target-table';
import { TargetRepository } from './target.repository';

/** A scored unit as the recorder sees it: its code and level in the hierarchy of its report. */
export interface TargetedUnit {
  readonly unit: { readonly code: string; readonly level: string };
  readonly hierarchy: string;
  readonly to: string;
}

export type OnlineTargetOf = (report: TargetedUnit) => (RuntimeOnlineTarget & { level: UnitLevel }) | undefined;

/**
 * The targets per level as runtime data — one implementation for the admin API, the CLI, the read
 * endpoint and the scores: validate, write (audit-logged), resolve a unit's province and level.
 */
export class TargetsUseCase implements OnModuleInit {
  constructor(
    private readonly repository: TargetRepository,
    private readonly audit: AuditLog,
    private readonly registry: UnitRegistry,
    private readonly defaults: () => TargetDoc[],
  ) {}

  /** Writes the shipped defaults that are absent (at start, before serving). */
  seed(): Promise<void> {
    return this.repository.seed(this.defaults());
  }

  onModuleInit(): Promise<void> {
    return this.seed();
  }

  /** The defaults and the documents of the provinces `actor` administers. */
  async list(actor: AdminActor): Promise<TargetDoc[]> {
    return [...(await this.repository.table()).values()]
      .filter((doc) => doc.scope === DEFAULT_TARGET_SCOPE || this.administers(actor, doc.scope))
      .sort((a, b) => a._id.localeCompare(b._id));
  }

  /**
   * Sets (or, with null, removes a province's own) targets of a level. Refusals name the field
   * (TargetsInputError, checked first); a province outside the actor's scope, or the defaults for an
   * actor that does not administer every province, is an AdminScopeError.
   */
  async set(actor: AdminActor, scope: string, level: string, body: unknown): Promise<TargetDoc> {
    const checkedLevel = parseTargetLevel(level);
    const day = scope === DEFAULT_TARGET_SCOPE ? undefined : this.provinceDay(scope, todayInVietnam());
    if (scope !== DEFAULT_TARGET_SCOPE && day === undefined)
      throw new TargetsInputError([
        {
          field: 'scope',
          rule: 'province',
          message: `scope must be ${DEFAULT_TARGET_SCOPE} or a province code, got ${JSON.stringify(scope)}`,
        },
      ]);
    const changes = parseTargetChanges(body, scope);
    if (day !== undefined) assertAdministers(actor, [scope], 'scope', day);
    else if (!administersAll(actor))
      throw new AdminScopeError(
        `scope: the default targets apply to every province; ${actor.name} does not administer them all`,
      );
    const doc = await this.repository.set(scope, checkedLevel, changes, actor.name);
    await this.audit.record(actor.name, 'targets.set', doc._id, { changes }, day === undefined ? undefined : [scope]);
    return doc;
  }

  private administers(actor: AdminActor, province: string): boolean {
    const day = this.provinceDay(province, todayInVietnam());
    return day !== undefined && actor.outside([province], day).length === 0;
  }

  /** The targets that apply to the unit's level and to its children's, on the hierarchy of `on`. */
  async forUnit(unitCode: string, on: string): Promise<UnitTargetsDto> {
    const unit = this.registry.get(unitCode, on);
    if (!unit)
      throw new TargetsInputError([
        { field: 'unit', rule: 'knownUnit', message: `unit ${unitCode} does not exist on ${on}` },
      ]);
    const province = this.provinceOf(unitCode, on) as string;
    const table = await this.repository.table();
    const childLevel = this.registry.children(unitCode, on)[0]?.level;
    return {
      unit: { code: unit.code, name: unit.name, level: unit.level },
      on,
      province,
      targets: levelTargets(table, province, unit.level),
      childTargets: childLevel ? levelTargets(table, province, childLevel) : null,
    };
  }

  /** The current table as a lookup of each scored unit's online target (one table read per batch). */
  async onlineTargets(): Promise<OnlineTargetOf> {
    const table = await this.repository.table();
    return (report) => {
      const level = report.unit.level as UnitLevel;
      const on = this.hierarchyDay(report);
      if (on === undefined) return undefined;
      return runtimeOnlineTarget(levelTargets(table, this.provinceOf(report.unit.code, on) ?? null, level));
    };
  }

  /** A day of the report's hierarchy (its `to`, or a day of the dataset it names when read under a later one). */
  private hierarchyDay(report: TargetedUnit): string | undefined {
    if (this.registry.get(report.unit.code, report.to)?.level === report.unit.level) return report.to;
    const era = this.registry.eras.find((candidate) => candidate.id === report.hierarchy);
    return era && this.registry.get(report.unit.code, era.describesDate) ? era.describesDate : undefined;
  }

  private provinceOf(code: string, on: string): string | undefined {
    const unit = this.registry.get(code, on);
    if (!unit) return undefined;
    return unit.level === 'province' ? unit.code : this.registry.ancestors(code, on).at(-1)?.code;
  }

  /** A day on which `code` is a province (today's hierarchy first), undefined when it never is one. */
  provinceDay(code: string, today?: string): string | undefined {
    const days = [...(today ? [today] : []), ...this.registry.eras.map((era) => era.describesDate).reverse()];
    return days.find((day) => this.registry.get(code, day)?.level === 'province');
  }
}

/** The service's and the CLI's targets: the store, seeded with the online targets of the default rule set in force today. */
export function createTargetsUseCase(
  db: mongo.Db,
  audit: AuditLog,
  registry: UnitRegistry,
  catalog: RuleSetCatalog,
  cacheTtlMs: number,
): TargetsUseCase {
  return new TargetsUseCase(new TargetRepository(db, cacheTtlMs), audit, registry, () =>
    defaultTargetDocs(catalog.resolve(DEFAULT_RULE_SET_ID, todayInVietnam()).onlineTargets, new Date()),
  );
}
