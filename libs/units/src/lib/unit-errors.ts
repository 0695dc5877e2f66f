/** Base class so callers can catch every error of this library at once. */
export class UnitsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidLocalDateError extends UnitsError {
  constructor(readonly value: unknown) {
    super(`Not a local date YYYY-MM-DD: ${JSON.stringify(value)}`);
  }
}

/** The code denotes no unit on that date (or no hierarchy covers the date). */
export class UnknownUnitError extends UnitsError {
  constructor(
    readonly unitCode: string,
    readonly onDate: string,
  ) {
    super(`Unknown unit ${JSON.stringify(unitCode)} on ${onDate}`);
  }
}

/** A unit cannot be carried into the hierarchy of the report date (missing mapping data). */
export class UnmappedUnitError extends UnitsError {
  constructor(
    readonly unitCode: string,
    readonly toDate: string,
    reason: string,
  ) {
    super(`Cannot resolve unit ${unitCode} for a report ending ${toDate}: ${reason}`);
  }
}

export class InvalidUnitDataError extends UnitsError {}

export class InvalidAgencyCodeError extends UnitsError {
  constructor(readonly agencyCode: unknown) {
    super(`Not an agency code (mã định danh, e.g. 000.00.00.H49): ${JSON.stringify(agencyCode)}`);
  }
}

/** The agency is already mapped to another unit and replacing was not asked for. */
export class AgencyConflictError extends UnitsError {
  constructor(
    readonly agencyCode: string,
    readonly currentUnit: string,
    readonly requestedUnit: string,
  ) {
    super(`Agency ${agencyCode} is already mapped to ${currentUnit}, not ${requestedUnit}`);
  }
}
