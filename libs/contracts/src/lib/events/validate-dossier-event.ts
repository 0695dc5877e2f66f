import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DOSSIER_EVENT_DTO_BY_TYPE } from './dossier-event.v1.dto';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from './dossier-event-types';
import type { DossierEventV1 } from './dossier-event.v1';

/** One broken rule of one event, named by field so a vendor can fix it without reading our code. */
export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

export type EventValidationResult = { ok: true; event: DossierEventV1 } | { ok: false; violations: FieldViolation[] };

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

function isKnownType(type: unknown): type is DossierEventType {
  return typeof type === 'string' && (DOSSIER_EVENT_TYPES as readonly string[]).includes(type);
}

/** Validates one canonical v1 event: unknown types and unknown fields are rejected, field named. */
export function validateDossierEventV1(raw: unknown): EventValidationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      violations: [{ field: '(event)', rule: 'isObject', message: 'each event must be a JSON object' }],
    };
  }
  const type = (raw as { type?: unknown }).type;
  if (!isKnownType(type)) {
    return {
      ok: false,
      violations: [{ field: 'type', rule: 'isIn', message: `type must be one of: ${DOSSIER_EVENT_TYPES.join(', ')}` }],
    };
  }
  const instance = plainToInstance(DOSSIER_EVENT_DTO_BY_TYPE[type], raw);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length === 0) return { ok: true, event: { ...(raw as DossierEventV1) } };
  const violations = errors.flatMap((error) =>
    Object.entries(error.constraints ?? { invalid: `${error.property} is invalid` }).map(([rule, message]) => ({
      field: error.property,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `${error.property} is not a field of ${type} v1` : message,
    })),
  );
  return { ok: false, violations };
}

/** Key-order independent JSON, so a re-sent event with reordered fields is not a conflict. */
export function canonicalEventJson(event: object): string {
  return JSON.stringify(event, Object.keys(event).sort());
}
