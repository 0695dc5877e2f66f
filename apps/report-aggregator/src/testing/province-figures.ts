// The events of a chaos trial and the figures it must end with: the pure oracle's report for every unit of a province,
// every month of the year and the year, and a check that an aggregator's report API answers them all.
import type { LocalDate } from '@dossier-ledger/calendar';
import type { DossierEventV1 } from '@dossier-ledger/contracts';
import { computeReportDirect, DEFAULT_COUNTING_RULES, foldDossier } from '@dossier-ledger/reporting';
import { expectEventually } from '@dossier-ledger/testing';
import { interleaveByTime, realisticDossiers } from '@dossier-ledger/aggregation/testing';
import { figuresOf, getJson, hierarchy, registry } from './aggregator-test-support';

export const YEAR = 2024;

/** A province-year of realistic dossiers received from 01/01/YEAR on, interleaved by time as a topic holds them. */
export function provinceYearEvents(options: {
  seed: number;
  dossiers: number;
  province: string;
  idPrefix: string;
}): DossierEventV1[] {
  return interleaveByTime(realisticDossiers({ registry, ...options, firstDay: `${YEAR}-01-01`, days: 366 }));
}
/** Every month of the year, and the year. */
const WINDOWS: [string, string][] = [
  ...Array.from({ length: 12 }, (_, m): [string, string] => {
    const last = new Date(Date.UTC(YEAR, m + 1, 0)).getUTCDate();
    const month = String(m + 1).padStart(2, '0');
    return [`${YEAR}-${month}-01`, `${YEAR}-${month}-${last}`];
  }),
  [`${YEAR}-01-01`, `${YEAR}-12-31`],
];

/** The province and every unit below it (the hierarchy of the year's end). */
function unitsOf(province: string): string[] {
  const on = `${YEAR}-12-31` as LocalDate;
  const all: string[] = [];
  const visit = (code: string) => {
    all.push(code);
    for (const child of registry.children(code, on)) visit(child.code);
  };
  visit(province);
  return all;
}

/**
 * The oracle's figures by `unit|from|to` for every unit of `province` and every window, folding each
 * dossier once. `events` are the distinct events: a duplicate here would be counted by the oracle too.
 */
export function provinceFigures(
  events: readonly DossierEventV1[],
  province: string,
): Map<string, Record<string, unknown>> {
  const byDossier = new Map<string, DossierEventV1[]>();
  for (const event of events) byDossier.set(event.dossierId, [...(byDossier.get(event.dossierId) ?? []), event]);
  const facts = [...byDossier.values()].map((list) => foldDossier(list, DEFAULT_COUNTING_RULES));
  const expected = new Map<string, Record<string, unknown>>();
  for (const [from, to] of WINDOWS) {
    const era = registry.eraOn(to as LocalDate)?.id as string;
    for (const unit of unitsOf(province)) {
      const report = computeReportDirect(
        facts,
        hierarchy,
        { era, from: from as LocalDate, to: to as LocalDate },
        unit,
        DEFAULT_COUNTING_RULES,
      );
      expected.set(`${unit}|${from}|${to}`, figuresOf(report));
    }
  }
  return expected;
}

/**
 * Resolves once the report API at `baseUrl` answers every expected figure exactly; else fails after
 * `timeoutMs` naming the first wrong unit × window, with what `explain` adds about it.
 */
export async function expectFiguresExact(
  baseUrl: string,
  key: string,
  expected: ReadonlyMap<string, Record<string, unknown>>,
  options: { timeoutMs: number; explain?: (firstWrong: string) => Promise<string> },
): Promise<void> {
  let firstWrong = '';
  await expectEventually(
    async () => {
      // The first wrong unit × window, with its figures: the failure shows which figure differs.
      for (const [id, figures] of expected) {
        const [unit, from, to] = id.split('|');
        const { status, body } = await getJson(baseUrl, `/v1/reports/dossiers?unit=${unit}&from=${from}&to=${to}`, key);
        const received = status === 200 ? figuresOf(body) : { status };
        if (JSON.stringify(received) !== JSON.stringify(figures)) {
          firstWrong = id;
          expect({ id, received }).toEqual({ id, received: figures });
        }
      }
    },
    { timeoutMs: options.timeoutMs, intervalMs: 500 },
  ).catch(async (error: Error) => {
    if (options.explain) error.message += `\n\n${await options.explain(firstWrong)}`;
    throw error;
  });
}
