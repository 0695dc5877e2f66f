// A realistic province-year of one-stop traffic with the real unit codes, streamed day by day:
// the demo traffic simulator (libs/demo-traffic: per-level profiles from real II.06a reports,
// working-day calendar, supplement rounds, late / returned / withdrawn dossiers) over every unit of
// one province in the hierarchy valid on 1 January, sized by the number of dossiers.
import { defaultWorkingCalendar, fromDayNumber, toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import {
  provinceUnits,
  TrafficSimulator,
  unitMeans,
  vnInstant,
  type DemoUnit,
  type TrafficConfig,
} from '@dossier-ledger/demo-traffic';
import { loadDefaultUnitRegistry, type UnitRegistry } from '@dossier-ledger/units';

/** ≈ one large province's year (docs/benchmarks.md): 3 M dossiers, ≈ 17–18 M events. */
export const PROVINCE_YEAR_DOSSIERS = 3_000_000;

export interface ProvinceYearOptions {
  dossiers: number;
  /** Default 42 (Hà Tĩnh). */
  province?: string;
  /** Default 2024. */
  year?: number;
  seed?: number;
  registry?: UnitRegistry;
}

export interface ProvinceYear {
  readonly province: DemoUnit;
  readonly units: readonly DemoUnit[];
  readonly datasetId: string;
  readonly year: number;
  readonly config: TrafficConfig;
  /** The busiest district and, in it, the busiest commune (by the traffic's own means). */
  readonly busiest: { district: DemoUnit; commune: DemoUnit };
  /**
   * The year's events in occurrence order, one array per simulated day. Dossiers received in the
   * year are followed to their end (up to 90 days into the next year); later receipts are left out.
   */
  days(): Generator<DossierEventV1[]>;
}

const AFTERLIFE_DAYS = 90;

export function provinceYear(options: ProvinceYearOptions): ProvinceYear {
  const registry = options.registry ?? loadDefaultUnitRegistry();
  const year = options.year ?? 2024;
  const first = `${year}-01-01` as LocalDate;
  const { province, units, datasetId } = provinceUnits(registry, options.province ?? '42', first);
  const firstDay = toDayNumber(first);
  const lastDay = toDayNumber(`${year}-12-31` as LocalDate);
  let workingDays = 0;
  for (let d = firstDay; d <= lastDay; d++) if (defaultWorkingCalendar.isWorkingDay(fromDayNumber(d))) workingDays++;
  const config: TrafficConfig = {
    units,
    perWorkingDay: options.dossiers / workingDays,
    start: vnInstant(first, 0),
    seed: options.seed ?? year,
  };
  const means = unitMeans(config);
  const busiestOf = (candidates: readonly DemoUnit[]) =>
    candidates.reduce((a, b) => ((means.get(b.code) ?? 0) > (means.get(a.code) ?? 0) ? b : a));
  const district = busiestOf(units.filter((u) => u.level === 'district'));
  const districtCommunes = new Set(registry.children(district.code, first).map((c) => c.code));
  const commune = busiestOf(units.filter((u) => districtCommunes.has(u.code)));
  const yy = String(year).slice(2);
  return {
    province,
    units,
    datasetId,
    year,
    config,
    busiest: { district, commune },
    *days() {
      const simulator = new TrafficSimulator(config);
      for (let d = firstDay; d <= lastDay + AFTERLIFE_DAYS; d++) {
        const events = simulator.advanceTo(vnInstant(fromDayNumber(d + 1), 0));
        // Ids are DM<fingerprint>-<unit>-<yymmdd of receipt>-<n>: keep this year's dossiers only.
        yield d <= lastDay ? events : events.filter((e) => e.dossierId.split('-').at(-2)?.startsWith(yy));
      }
    },
  };
}
