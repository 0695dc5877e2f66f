// npm run units -- map-agency AGENCY_CODE UNIT_CODE [--replace]
// Adds an agency code (mã định danh) → GSO unit mapping to libs/units/src/data/agency-codes.json,
// the map intake uses to read MaDinhDanhDV. Rebuild/restart the services to pick it up.
import { addAgencyMapping, createDefaultUnitRegistry, formatAgencyMapJson, UnitsError } from '@dossier-ledger/units';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, runCli, UsageError } from '@dossier-ledger/platform';

const USAGE = `Usage:
  npm run units -- map-agency AGENCY_CODE UNIT_CODE [--replace]
      e.g. npm run units -- map-agency 000.00.00.H49 22
      --replace   re-map an agency that is mapped to another unit`;

const AGENCY_FILE = join(__dirname, '..', '..', 'libs', 'units', 'src', 'data', 'agency-codes.json');

runCli(USAGE, async () => {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [command, agencyCode, unitCode] = positional;
  if (command !== 'map-agency') throw new UsageError(command ? `Unknown command ${command}` : 'No command given');
  if (!agencyCode || !unitCode) throw new UsageError('map-agency needs AGENCY_CODE and UNIT_CODE');
  try {
    const current: unknown = JSON.parse(readFileSync(AGENCY_FILE, 'utf8'));
    const result = addAgencyMapping(current, agencyCode, unitCode, createDefaultUnitRegistry(), {
      replace: options.has('replace'),
    });
    if (!result.changed) {
      console.log(`${result.agencyCode} is already mapped to ${result.unitCode}; nothing to do.`);
      return;
    }
    writeFileSync(AGENCY_FILE, formatAgencyMapJson(result.json));
    const was = result.previous === undefined ? '' : ` (was ${result.previous})`;
    console.log(
      `Mapped ${result.agencyCode} → ${result.unitCode}${was} in ${AGENCY_FILE}. Restart the services to use it.`,
    );
  } catch (error) {
    if (error instanceof UnitsError) throw new UsageError(error.message);
    throw error;
  }
});
