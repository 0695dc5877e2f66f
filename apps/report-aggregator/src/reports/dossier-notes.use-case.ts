import { Inject, Injectable } from '@nestjs/common';
import { fromDayNumber, toDayNumber } from '@dossier-ledger/calendar';
import {
  DEFAULT_PAGE_SIZE,
  type AnomalousDossierDto,
  type DossierAnomaliesDto,
  type DossierAnomaliesQueryDto,
  type DossierCostDto,
  type DossierCostsDto,
  type DossierCostsQueryDto,
  type DossierListHeaderDto,
  type IdentityViolationDto,
} from '@dossier-ledger/contracts';
import { formIdentityViolations, formInputFromReport, sumIdentityViolations } from '@dossier-ledger/report-forms';
import {
  ANOMALIES,
  countingRulesId,
  readDossierReport,
  type AnomalyCode,
  type CountingRules,
} from '@dossier-ledger/reporting';
import type { Unit, UnitRegistry } from '@dossier-ledger/units';
import { COUNTING_RULES, UNIT_REGISTRY } from '../hierarchy/hierarchy.tokens';
import { overdueSpanOn, type DossierNote } from '@dossier-ledger/aggregation';
import { MergedReadModel } from '../read-model/merged-read-model';
import { unitDto, type ResolvedReportQuery } from './dossier-report.use-case';

interface Listed<T> {
  readonly sortKey: [number | string, string, string];
  readonly item: T;
}

/**
 * The dossier lists behind the figures, read from the notes in memory: the dossiers that cost
 * points (late, late without apology, overdue at `to`) and the anomalies of a subtree with an
 * identity check of every unit's form. Notes are kept per unit (no roll-up), so a subtree read
 * visits each of its units.
 */
@Injectable()
export class DossierNotesUseCase {
  constructor(
    private readonly readModel: MergedReadModel,
    @Inject(UNIT_REGISTRY) private readonly registry: UnitRegistry,
    @Inject(COUNTING_RULES) private readonly rules: CountingRules,
  ) {}

  /**
   * late / lateWithoutApology: resolved late with a finish date in the window (their total is the
   * unit's column 10, resp. `scoring.lateWithoutApology`); overdue: pending overdue at `to` (column 13).
   */
  costs(query: DossierCostsQueryDto, resolved: ResolvedReportQuery): DossierCostsDto {
    const { era, window } = resolved;
    const from = toDayNumber(window.from);
    const to = toDayNumber(window.to);
    const listed: Listed<DossierCostDto>[] = [];
    // Late dossiers are in their finish month; an overdue one may sit in any month (open: its receipt month).
    const months = query.kind === 'overdue' ? undefined : monthRange(window.from, window.to);
    for (const unit of this.subtree(resolved)) {
      for (const note of this.readModel.notes.notesOf(era, unit.code, months)) {
        if (query.kind === 'overdue') {
          const span = overdueSpanOn(note, to);
          if (span === undefined) continue;
          const item = costItem(note, unit, {
            dueDay: span.dueDay,
            finishedOn: null,
            apologyIssued: null,
            daysPastDue: to - (span.dueDay ?? span.from - 1),
          });
          listed.push({
            sortKey: [span.from, note.dossierId, unit.code],
            item: { ...item, overdueSince: fromDayNumber(span.from) },
          });
        } else {
          const finishDay = note.finishDay;
          if (note.late === null || finishDay === null || finishDay < from || finishDay > to) continue;
          if (query.kind === 'lateWithoutApology' && note.late !== 'withoutApology') continue;
          const item = costItem(note, unit, {
            dueDay: note.dueDay,
            finishedOn: fromDayNumber(finishDay),
            apologyIssued: note.late === 'withApology',
            daysPastDue: finishDay - (note.dueDay ?? finishDay),
          });
          listed.push({ sortKey: [finishDay, note.dossierId, unit.code], item });
        }
      }
    }
    const { page, pageSize, items } = paginate(listed, query);
    return { ...this.header(resolved, listed.length, page, pageSize), kind: query.kind, dossiers: items };
  }

  /**
   * The anomalous dossiers of the window's form population (received by `to`, not finished before
   * `from`; uncounted ones by their earliest event), counted per code and unit, and the identities of
   * the form of every unit of the subtree.
   */
  anomalies(query: DossierAnomaliesQueryDto, resolved: ResolvedReportQuery): DossierAnomaliesDto {
    const { era, window } = resolved;
    const from = toDayNumber(window.from);
    const to = toDayNumber(window.to);
    const units = this.subtree(resolved);
    const listed: Listed<AnomalousDossierDto>[] = [];
    const byCode = new Map<AnomalyCode, number>();
    const byUnit: DossierAnomaliesDto['byUnit'] = [];
    for (const unit of units) {
      const counts: Record<string, number> = {};
      let dossiers = 0;
      for (const note of this.readModel.notes.notesOf(era, unit.code)) {
        if (note.anomalies.length === 0 || !inFormPopulation(note, from, to)) continue;
        dossiers++;
        for (const code of note.anomalies) {
          counts[code] = (counts[code] ?? 0) + 1;
          byCode.set(code, (byCode.get(code) ?? 0) + 1);
        }
        listed.push({
          sortKey: [unit.code, note.dossierId, ''],
          item: {
            dossierId: note.dossierId,
            unitCode: unit.code,
            unitName: unit.name,
            counted: note.counted,
            fieldCode: note.fieldCode,
            procedureCode: note.procedureCode,
            receivedOn: fromDayNumber(note.receivedDay),
            finishedOn: note.finishDay === null ? null : fromDayNumber(note.finishDay),
            finishKind: note.finishKind,
            anomalies: [...note.anomalies],
          },
        });
      }
      if (dossiers > 0) byUnit.push({ unit: unitDto(unit), dossiers, byCode: sortedRecord(counts) });
    }
    const { page, pageSize, items } = paginate(listed, query);
    return {
      ...this.header(resolved, listed.length, page, pageSize),
      byCode: [...byCode]
        .sort(([a], [b]) => compare(a, b))
        .map(([code, dossiers]) => ({
          code,
          severity: ANOMALIES[code].severity,
          affectsCounts: ANOMALIES[code].counts,
          message: ANOMALIES[code].message,
          dossiers,
        })),
      byUnit: byUnit.sort((a, b) => compare(a.unit.code, b.unit.code)),
      dossiers: items,
      unitsChecked: units.length,
      identityViolations: units.flatMap((unit) => this.identityViolations(unit, resolved)),
    };
  }

  /** The form identities of one unit, and unit = Σ children + its own dossiers (the level row of its own level). */
  private identityViolations(unit: Unit, { era, window, hierarchyOn }: ResolvedReportQuery): IdentityViolationDto[] {
    const children = this.registry.children(unit.code, hierarchyOn).map((c) => c.code);
    const report = readDossierReport(
      this.readModel.store,
      { era, unitCode: unit.code, from: window.from, to: window.to, childUnitCodes: children },
      this.rules,
    );
    const own = report.rows.byLevel.filter((row) => row.key === unit.level);
    const messages = [
      ...formIdentityViolations(formInputFromReport(report, { unit: unitDto(unit) })),
      ...sumIdentityViolations(`${unit.code} = Σ children + own`, report, [...report.rows.byChild, ...own]),
    ];
    return messages.map((message) => ({ unitCode: unit.code, message }));
  }

  /** The unit and its descendants in the hierarchy of the query (`hierarchyAt`, default `to`), parents first. */
  private subtree({ unit, hierarchyOn }: ResolvedReportQuery): Unit[] {
    const out: Unit[] = [];
    const stack = [unit];
    while (stack.length > 0) {
      const next = stack.pop() as Unit;
      out.push(next);
      stack.push(...this.registry.children(next.code, hierarchyOn).reverse());
    }
    return out;
  }

  private header(
    { unit, era, window }: ResolvedReportQuery,
    total: number,
    page: number,
    pageSize: number,
  ): DossierListHeaderDto {
    return {
      unit: unitDto(unit),
      hierarchy: era,
      from: window.from,
      to: window.to,
      countingRules: countingRulesId(this.rules),
      total,
      page,
      pageSize,
    };
  }
}

function costItem(
  note: DossierNote,
  unit: Unit,
  detail: { dueDay: number | null; finishedOn: string | null; apologyIssued: boolean | null; daysPastDue: number },
): DossierCostDto {
  return {
    dossierId: note.dossierId,
    unitCode: unit.code,
    unitName: unit.name,
    fieldCode: note.fieldCode,
    procedureCode: note.procedureCode,
    receivedOn: fromDayNumber(note.receivedDay),
    dueOn: detail.dueDay === null ? null : fromDayNumber(detail.dueDay),
    finishedOn: detail.finishedOn,
    apologyIssued: detail.apologyIssued,
    daysPastDue: detail.daysPastDue,
    overdueSince: null,
  };
}

/** In the window's form: received by `to` and not finished before `from`; an uncounted dossier (it has no finish) when its earliest event is in the window. */
function inFormPopulation(note: DossierNote, from: number, to: number): boolean {
  if (note.receivedDay > to) return false;
  if (!note.counted) return note.receivedDay >= from;
  return note.finishDay === null || note.finishDay >= from;
}

/** A month filter (YYYY-MM strings compare in calendar order). */
function monthRange(from: string, to: string): (month: string) => boolean {
  const first = from.slice(0, 7);
  const last = to.slice(0, 7);
  return (month) => month >= first && month <= last;
}

function compare(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by the stable key and cuts one page (page 1 and DEFAULT_PAGE_SIZE by default). */
function paginate<T>(
  listed: Listed<T>[],
  query: { page?: number; pageSize?: number },
): { page: number; pageSize: number; items: T[] } {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  listed.sort(
    (a, b) =>
      compare(a.sortKey[0], b.sortKey[0]) || compare(a.sortKey[1], b.sortKey[1]) || compare(a.sortKey[2], b.sortKey[2]),
  );
  return { page, pageSize, items: listed.slice((page - 1) * pageSize, page * pageSize).map((l) => l.item) };
}

function sortedRecord(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compare(a, b)));
}
