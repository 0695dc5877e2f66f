import { parseArgs, stringOption, UsageError } from '../../cli/cli-support';
import { isIsoLocalDate } from '@dossier-ledger/calendar';
import { UnitsError, type AgencyPeriod } from '@dossier-ledger/units';
import { readFileSync } from 'node:fs';
import { withAdministration } from './cli-context';

export const AGENCIES_USAGE = `agencies add AGENCY_CODE UNIT_CODE [--from YYYY-MM-DD]
      maps the agency (mã định danh) to the unit; --from closes its previous period the day before
      (e.g. the move to the post-reform commune on 2025-07-01). Running services follow within seconds.
agencies replace AGENCY_CODE UNIT_CODE[:FROM[:TO]] [UNIT_CODE[:FROM[:TO]] ...]   the whole history
agencies list
agencies import FILE.csv     header agencyCode,unitCode,validFrom,validTo; all lines valid or nothing written`;

function date(value: string | undefined, what: string): string | null {
  if (value === undefined || value === '') return null;
  if (!isIsoLocalDate(value)) throw new UsageError(`${what} ${value} is not a date YYYY-MM-DD`);
  return value;
}

/** `UNIT[:FROM[:TO]]` → a period. */
function period(spec: string): AgencyPeriod {
  const [unitCode, from, to] = spec.split(':');
  return { unitCode, validFrom: date(from, 'FROM'), validTo: date(to, 'TO') };
}

export async function agenciesCommand(argv: string[]): Promise<void> {
  const { positional, options } = parseArgs(argv);
  const [command, ...rest] = positional;
  if (!command) throw new UsageError('agencies needs a command');
  await withAdministration(async ({ agencies, actor }) => {
    try {
      if (command === 'add' || command === 'map-agency') {
        const [agencyCode, unitCode] = rest;
        if (!agencyCode || !unitCode) throw new UsageError('add needs AGENCY_CODE and UNIT_CODE');
        const result = await agencies.add(actor, agencyCode, unitCode, date(stringOption(options, 'from'), '--from'));
        const periods = result.mapping.periods.map(describe).join('; ');
        console.log(
          result.changed
            ? `Mapped ${result.mapping.agencyCode}: ${periods}`
            : `${result.mapping.agencyCode} already maps so (${periods}); nothing to do.`,
        );
      } else if (command === 'replace') {
        const [agencyCode, ...specs] = rest;
        if (!agencyCode || specs.length === 0)
          throw new UsageError('replace needs AGENCY_CODE and at least one UNIT_CODE[:FROM[:TO]]');
        const mapping = await agencies.replace(actor, agencyCode, specs.map(period));
        console.log(`Replaced ${mapping.agencyCode}: ${mapping.periods.map(describe).join('; ')}`);
      } else if (command === 'list') {
        const all = await agencies.list(actor);
        if (all.length === 0) console.log('No agency mappings.');
        for (const m of all) console.log(`${m.agencyCode}  ${m.periods.map(describe).join('; ')}`);
      } else if (command === 'import') {
        const [file] = rest;
        if (!file) throw new UsageError('import needs FILE.csv');
        const { agencies: count, periods } = await agencies.importCsv(actor, readFileSync(file, 'utf8'));
        console.log(`Imported ${count} agencies (${periods} periods) from ${file}`);
      } else {
        throw new UsageError(`Unknown agencies command ${command}`);
      }
    } catch (error) {
      // Refusals of the unit data name the field and the rule: show them like usage errors.
      if (error instanceof UnitsError) throw new UsageError(error.message);
      throw error;
    }
  });
}

function describe(p: AgencyPeriod): string {
  return `${p.unitCode} from ${p.validFrom ?? 'any date'} to ${p.validTo ?? 'open'}`;
}
