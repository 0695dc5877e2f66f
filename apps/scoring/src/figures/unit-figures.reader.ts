import { unknownUnitMessage, type Unit, type UnitRegistry } from '@dossier-ledger/units';
import { childReports, type ReportFiguresInput } from './report-figures.adapter';
import { ReportFiguresClient } from './report-figures.client';
import { mapLimited } from './map-limited';

export interface FiguresWindow {
  readonly from: string;
  readonly to: string;
  /** The date whose hierarchy the window is reported under (default `to`). */
  readonly hierarchyAt?: string;
}

/** The date whose hierarchy a window's units are read in. */
export const hierarchyDate = (window: FiguresWindow): string => window.hierarchyAt ?? window.to;

/** A parent's report and its direct children's. */
export interface FamilyReports {
  readonly parent: ReportFiguresInput;
  readonly children: ReportFiguresInput[];
}

/**
 * Reads the scoring figures of units from the report API with as few calls as it can: the `by=child`
 * rows carry each child's `scoring` figures, so one call per parent gives the parent and all its
 * children. Against an aggregator whose rows lack them, it falls back to one call per child.
 */
export class UnitFiguresReader {
  constructor(
    private readonly client: ReportFiguresClient,
    private readonly registry: UnitRegistry,
    private readonly concurrency: number,
  ) {}

  /** The unit a code (or a registered agency code) denotes in the hierarchy valid on `onDate`. */
  unit(code: string, onDate: string): Unit | undefined {
    return this.registry.get(code, onDate) ?? this.registry.get(this.registry.unitForAgency(code) ?? '', onDate);
  }

  /** Why a code is not a unit on `onDate`, naming its successor(s) when it was one before. */
  unknownUnit(code: string, onDate: string): string {
    return unknownUnitMessage(this.registry, code, onDate, this.registry.eraOn(onDate)?.id ?? 'no hierarchy');
  }

  children(code: string, onDate: string): Unit[] {
    return this.unit(code, onDate) ? this.registry.children(code, onDate) : [];
  }

  /** One `by=child` call (plus one per child when the rows carry no `scoring`). */
  async family(parentCode: string, window: FiguresWindow, authorization: string | undefined): Promise<FamilyReports> {
    const parent = await this.client.report({ unit: parentCode, ...window, by: 'child' }, authorization);
    const levelOf = (code: string) => this.registry.get(code, hierarchyDate(window))?.level ?? 'unknown';
    const children =
      childReports(parent, levelOf) ??
      (await mapLimited(
        (parent.rows ?? []).map((row) => row.key),
        this.concurrency,
        (unit) => this.client.report({ unit, ...window }, authorization),
      ));
    return { parent, children };
  }

  /**
   * The reports of `codes` (any mix of levels, all known on `window.to`): one `by=child` call for each
   * listed unit that is the parent of another listed one (it answers for itself and those children),
   * one plain call for each of the rest.
   */
  async units(
    codes: readonly string[],
    window: FiguresWindow,
    authorization: string | undefined,
  ): Promise<ReportFiguresInput[]> {
    const wanted = new Set(codes);
    const parents = [...wanted].filter((code) =>
      this.registry.children(code, hierarchyDate(window)).some((child) => wanted.has(child.code)),
    );
    const covered = new Set(
      parents.flatMap((code) => this.registry.children(code, hierarchyDate(window)).map((child) => child.code)),
    );
    const singles = [...wanted].filter((code) => !covered.has(code) && !parents.includes(code));
    const calls: (() => Promise<ReportFiguresInput[]>)[] = [
      ...parents.map((code) => async () => {
        const { parent, children } = await this.family(code, window, authorization);
        return [parent, ...children.filter((child) => wanted.has(child.unit.code))];
      }),
      ...singles.map((code) => async () => [await this.client.report({ unit: code, ...window }, authorization)]),
    ];
    const reports = (await mapLimited(calls, this.concurrency, (call) => call())).flat();
    // A unit under two listed parents cannot happen in one hierarchy; keep the first report of each code anyway.
    const byCode = new Map<string, ReportFiguresInput>();
    for (const report of reports) if (!byCode.has(report.unit.code)) byCode.set(report.unit.code, report);
    return [...byCode.values()];
  }
}
