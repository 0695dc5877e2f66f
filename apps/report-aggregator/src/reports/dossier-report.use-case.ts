import { Inject, Injectable } from '@nestjs/common';
import type {
  DossierReportDto,
  DossierReportQueryDto,
  DossierReportRowDto,
  ReportUnitDto,
} from '@dossier-ledger/contracts';
import { buildFormII06a, formInputFromReport, type FormII06aInput, type FormTable } from '@dossier-ledger/report-forms';
import {
  readDossierReport,
  readUnitScoring,
  type CountingRules,
  type DossierFigures,
  type DossierReport,
  type ReportRow,
} from '@dossier-ledger/reporting';
import type { Unit, UnitRegistry } from '@dossier-ledger/units';
import { COUNTING_RULES, UNIT_REGISTRY } from '../hierarchy/hierarchy.tokens';
import { MergedReadModel } from '../read-model/merged-read-model';
import type { LocalDate } from '@dossier-ledger/calendar';
import { hierarchyLabel, resolveHierarchy, unknownUnitMessage } from './report-hierarchy';
import { ReportParameterError, resolveReportWindow, type ReportWindow } from './report-window';

/** A report query resolved against the hierarchy: which unit, in which era, over which window. */
export interface ResolvedReportQuery {
  unit: Unit;
  era: string;
  window: ReportWindow;
  /** The date whose hierarchy the window is reported under: `hierarchyAt`, default `to`. */
  hierarchyOn: LocalDate;
}

/**
 * The report use case: resolves the query (window, hierarchy of the `to` date, unit) and reads the
 * figures from this replica's merged read model — memory only, no store access.
 */
@Injectable()
export class DossierReportUseCase {
  constructor(
    private readonly readModel: MergedReadModel,
    @Inject(UNIT_REGISTRY) private readonly registry: UnitRegistry,
    @Inject(COUNTING_RULES) private readonly rules: CountingRules,
  ) {}

  resolve(
    query: Pick<DossierReportQueryDto, 'unit' | 'from' | 'to' | 'period' | 'cutoff' | 'hierarchyAt'>,
  ): ResolvedReportQuery {
    const window = resolveReportWindow(query);
    const { era, on } = resolveHierarchy(this.registry, window.to, query.hierarchyAt);
    const code = this.registry.get(query.unit, on) ? query.unit : this.registry.unitForAgency(query.unit);
    const unit = code === undefined ? undefined : this.registry.get(code, on);
    if (!unit)
      throw new ReportParameterError('unit', `unit: ${unknownUnitMessage(this.registry, code ?? query.unit, on, era)}`);
    return { unit, era, window, hierarchyOn: on };
  }

  report(query: DossierReportQueryDto, resolved: ResolvedReportQuery = this.resolve(query)): DossierReportDto {
    const { unit, era, window, hierarchyOn } = resolved;
    const children = query.by === 'child' ? this.registry.children(unit.code, hierarchyOn) : [];
    const report = readDossierReport(
      this.readModel.store,
      { era, unitCode: unit.code, from: window.from, to: window.to, childUnitCodes: children.map((c) => c.code) },
      this.rules,
    );
    const dto: DossierReportDto = {
      unit: unitDto(unit),
      hierarchy: era,
      from: window.from,
      to: window.to,
      ...(window.period
        ? {
            period: {
              code: window.period.code,
              label: window.period.label,
              cutoff: window.period.cutoff ?? 'calendar',
            },
          }
        : {}),
      countingRules: report.countingRules,
      ...figures(report),
      scoring: report.scoring,
    };
    if (query.by) dto.rows = this.rows(report, query.by, children);
    return dto;
  }

  /** Form II.06a of the query's unit and window (`FormIdentityError`, a 500, when the figures break an identity). */
  form(resolved: ResolvedReportQuery): { input: FormII06aInput; table: FormTable } {
    const { unit, era, window, hierarchyOn } = resolved;
    const report = readDossierReport(
      this.readModel.store,
      { era, unitCode: unit.code, from: window.from, to: window.to },
      this.rules,
    );
    const input = formInputFromReport(report, {
      unit: unitDto(unit),
      periodLabel: window.period?.label,
      hierarchyLabel: hierarchyLabel(this.registry, era, hierarchyOn),
    });
    return { input, table: buildFormII06a(input) };
  }

  private rows(
    report: DossierReport,
    by: NonNullable<DossierReportQueryDto['by']>,
    children: Unit[],
  ): DossierReportRowDto[] {
    switch (by) {
      case 'level':
        return report.rows.byLevel.map((row) => rowDto(row));
      case 'field':
        return report.rows.byField.map((row) => rowDto(row));
      case 'child': {
        // Each child's scoring inputs too: the scoring service ranks all children with one call.
        const window = { era: report.era, from: report.from, to: report.to };
        return report.rows.byChild.map((row, i) => ({
          ...rowDto(row, children[i].name),
          scoring: readUnitScoring(this.readModel.store, { ...window, unitCode: row.key }, this.rules),
        }));
      }
    }
  }
}

export function unitDto(unit: Unit): ReportUnitDto {
  return { code: unit.code, name: unit.name, level: unit.level };
}

function figures(f: DossierFigures): DossierFigures {
  return {
    received: f.received,
    resolved: f.resolved,
    returned: f.returned,
    withdrawn: f.withdrawn,
    pending: f.pending,
    rates: f.rates,
  };
}

function rowDto(row: ReportRow, label = row.label): DossierReportRowDto {
  return { key: row.key, label, ...figures(row) };
}
