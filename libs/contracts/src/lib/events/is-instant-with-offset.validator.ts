import { ValidateBy, type ValidationOptions } from 'class-validator';

// Offset is mandatory: a bare local time would be ambiguous between the vendor's server zone and UTC+7.
const INSTANT_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function isInstantWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT_WITH_OFFSET.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export function IsInstantWithOffset(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstantWithOffset',
      validator: {
        validate: isInstantWithOffset,
        defaultMessage: (args) =>
          `${args?.property} must be an ISO-8601 date-time with an offset, e.g. 2023-01-05T08:30:00+07:00`,
      },
    },
    options,
  );
}
