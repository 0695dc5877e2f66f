import { Inject, Injectable } from '@nestjs/common';
import { diffDvcqgSnapshot, DvcqgFieldError, parseDvcqgPayload, type DvcqgDossierState } from '@dossier-ledger/intake';
import { isoInVietnam, localDateOf } from '@dossier-ledger/calendar';
import { UnitScopeChecker, type Principal } from '@dossier-ledger/platform';
import type { UnitRegistry } from '@dossier-ledger/units';
import { randomUUID } from 'node:crypto';
import { EventBatchValidator, outOfScopeMessage } from '../events/event-batch-validator';
import { EventIngestionService, type IndexedEvent, type IngestResult } from '../store/event-ingestion.service';
import { UNIT_REGISTRY } from '../app/unit-registry.provider';
import { DVCQG_ERROR_CODES, DvcqgError, type DvcqgAnswer } from './dvcqg-error';
import { DvcqgStateRepository } from './dvcqg-state.repository';

/** Canonical field → the HoSo field it comes from, to name the vendor's field in errors. */
const SOURCE_FIELD: Record<string, string> = {
  eventId: 'MaHoSo',
  dossierId: 'MaHoSo',
  procedureCode: 'MaTTHC',
  fieldCode: 'MaLinhVuc',
  unitCode: 'MaDinhDanhDV',
  dueAt: 'NgayHenTra',
  newDueAt: 'NgayHenTra',
  toUnitCode: 'DonViXuLy',
  channel: 'KenhThucHien',
};

export interface DvcqgSyncResult extends DvcqgAnswer {
  result: IngestResult & { snapshots: number; events: number };
}

/**
 * POST /v1/dvcqg/DongBoHoSoMC: each HoSo snapshot is diffed against the dossier's last known state
 * into canonical events (libs/intake), which are stored and published like any other events; the
 * states are saved afterwards (a crash in between re-derives the same event ids: duplicates).
 * All or nothing per request, like POST /v1/events.
 */
@Injectable()
export class SyncDvcqgSnapshotUseCase {
  constructor(
    private readonly states: DvcqgStateRepository,
    private readonly validator: EventBatchValidator,
    private readonly scope: UnitScopeChecker,
    private readonly ingestion: EventIngestionService,
    @Inject(UNIT_REGISTRY) private readonly units: UnitRegistry,
  ) {}

  async execute(
    principal: Principal,
    agencyCode: string | undefined,
    body: unknown,
    arrived = new Date(),
  ): Promise<DvcqgSyncResult> {
    const arrivedAt = isoInVietnam(arrived.getTime());
    const agency = this.knownAgency(agencyCode);
    const payload = fieldErrorsAsAnswers(() => parseDvcqgPayload(body));

    const known = new Map<string, DvcqgDossierState | undefined>();
    const changed = new Map<string, DvcqgDossierState>();
    const events: (IndexedEvent & { path: string })[] = [];
    for (const [i, snapshot] of payload.snapshots.entries()) {
      const path = `data[${i}]`;
      if (!known.has(snapshot.dossierId))
        known.set(snapshot.dossierId, await this.states.find(principal.source, snapshot.dossierId));
      const previous = known.get(snapshot.dossierId);
      // The dossier's own date decides the agency's unit (effective-dated mapping) and the scope.
      const dossierDate = localDateOf(snapshot.receivedAt ?? snapshot.submittedAt ?? arrivedAt);
      const unitCode = this.unitOn(principal, agency, dossierDate, path);
      const diff = fieldErrorsAsAnswers(() =>
        diffDvcqgSnapshot(previous, snapshot, {
          unitCode,
          arrivedAt,
          path,
          resolveUnit: (code) => this.units.unitForAgency(code, dossierDate),
        }),
      );
      known.set(snapshot.dossierId, diff.state);
      if (JSON.stringify(diff.state) !== JSON.stringify(previous)) changed.set(snapshot.dossierId, diff.state);
      for (const event of diff.events) events.push({ index: events.length, event, path });
    }

    const { invalid } = this.validator.validate(events.map((e) => e.event));
    if (invalid.length > 0) {
      const first = invalid[0];
      const field = `${events[first.index].path}.${SOURCE_FIELD[first.field] ?? first.field}`;
      throw new DvcqgError(400, DVCQG_ERROR_CODES.badSnapshot, `${field}: ${first.message}; nothing was stored`);
    }
    const { outOfScope, unknown } = this.validator.checkScope(principal, events);
    if (unknown.length > 0)
      throw new DvcqgError(400, DVCQG_ERROR_CODES.unknownAgency, `MaDinhDanhDV: ${unknown[0].message}`);
    if (outOfScope.length > 0)
      throw new DvcqgError(403, DVCQG_ERROR_CODES.forbidden, outOfScopeMessage(principal, outOfScope));

    const result = await this.ingestion.ingest({
      source: principal.source,
      requestId: randomUUID(),
      receivedAt: arrived,
      events,
    });
    await this.states.save(principal.source, [...changed.values()]);
    const counts = { ...result, snapshots: payload.snapshots.length, events: events.length };
    const warned = payload.warnings.length;
    return {
      error_code: DVCQG_ERROR_CODES.ok,
      message:
        `OK: ${counts.snapshots} HoSo, ${counts.events} events (${result.accepted} new, ${result.duplicates} duplicates)` +
        (warned > 0 ? `; ${warned} value(s) read with a warning` : ''),
      ...(warned > 0 ? { warnings: payload.warnings } : {}),
      result: counts,
    };
  }

  private knownAgency(agencyCode: string | undefined): string {
    if (!agencyCode)
      throw new DvcqgError(
        400,
        DVCQG_ERROR_CODES.unknownAgency,
        'MaDinhDanhDV: the agency code is required (query parameter)',
      );
    const agency = agencyCode.trim().toUpperCase();
    if (this.units.unitForAgency(agency) === undefined) throw unknownAgency(agency);
    return agency;
  }

  /** The unit the agency stood for on the dossier's date, in the key's scope on that date (as POST /v1/events checks). */
  private unitOn(principal: Principal, agency: string, onDate: string, path: string): string {
    const unitCode = this.units.unitForAgency(agency, onDate);
    if (!unitCode) throw unknownAgency(agency, `${path}: on ${onDate}`);
    const decision = this.scope.check(principal.scope, unitCode, onDate);
    if (decision.kind !== 'in') {
      throw new DvcqgError(
        403,
        DVCQG_ERROR_CODES.forbidden,
        `MaDinhDanhDV: agency ${agency} (unit ${unitCode} on ${onDate}, ${path}) is outside the scope of key ${principal.keyId} (${principal.scope.join(', ')})`,
      );
    }
    return unitCode;
  }
}

function unknownAgency(agency: string, when?: string): DvcqgError {
  return new DvcqgError(
    400,
    DVCQG_ERROR_CODES.unknownAgency,
    `MaDinhDanhDV: ${when ? `${when}, ` : ''}unknown agency code ${agency} (map it: POST /v1/admin/agency-mappings, or node cli.js agencies add ${agency} UNIT_CODE)`,
  );
}

function fieldErrorsAsAnswers<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DvcqgFieldError)
      throw new DvcqgError(400, DVCQG_ERROR_CODES.badSnapshot, `${error.message}; nothing was stored`);
    throw error;
  }
}
