import { isIsoLocalDate, type LocalDate } from '@dossier-ledger/calendar';
import { InvalidLocalDateError } from './unit-errors';

/** A date argument of the registry's API: a real calendar date written `YYYY-MM-DD`. */
export function assertLocalDate(value: unknown): asserts value is LocalDate {
  if (!isIsoLocalDate(value)) throw new InvalidLocalDateError(value);
}
