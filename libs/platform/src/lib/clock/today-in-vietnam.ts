import { localDateOfEpochMs, type LocalDate } from '@dossier-ledger/calendar';

/** Today's date in Vietnam (UTC+7) by this process's clock: the domain libraries read no clock themselves. */
export function todayInVietnam(): LocalDate {
  return localDateOfEpochMs(Date.now());
}
