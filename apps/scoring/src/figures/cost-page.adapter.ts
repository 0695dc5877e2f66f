import type { CostKind, DossierCostDto, DossierCostsDto } from '@dossier-ledger/contracts';
import type { FigurePath } from '@dossier-ledger/scoring-rules';
import { ReportShapeError } from './report-figures.adapter';

export type { CostKind };

/** The figure (an indicator's `lostBy` path) each list details; other figures have no dossier list. */
export const COST_KIND_OF_FIGURE: Readonly<Partial<Record<FigurePath, CostKind>>> = {
  'resolved.late': 'late',
  lateWithoutApology: 'lateWithoutApology',
  'pending.overdue': 'overdue',
};

export interface CostsRequest {
  readonly unit: string;
  readonly from: string;
  readonly to: string;
  readonly hierarchyAt?: string;
  readonly kind: CostKind;
  readonly page: number;
  readonly pageSize: number;
}

/** One page of a list (`DossierCostsDto` of libs/contracts, without the header the explanation already has). */
export type CostPage = Pick<DossierCostsDto, 'total' | 'page' | 'pageSize'> & {
  readonly dossiers: readonly DossierCostDto[];
};

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Checks a costs body (`{total, page, pageSize, dossiers: [{dossierId, unitCode, …}]}`); throws ReportShapeError naming the path. */
export function parseCostPage(body: unknown): CostPage {
  if (body === null || typeof body !== 'object') throw new ReportShapeError('', 'costs: the body is not a JSON object');
  const page = body as Record<string, unknown>;
  for (const key of ['total', 'page', 'pageSize']) {
    if (!isCount(page[key]))
      throw new ReportShapeError(key, `costs: ${key} must be a count, got ${JSON.stringify(page[key])}`);
  }
  if (!Array.isArray(page['dossiers'])) throw new ReportShapeError('dossiers', 'costs: dossiers must be an array');
  page['dossiers'].forEach((dossier: unknown, i) => {
    const d = dossier as Record<string, unknown> | null;
    if (typeof d?.['dossierId'] !== 'string')
      throw new ReportShapeError(`dossiers.${i}.dossierId`, `costs: dossiers.${i}.dossierId must be a string`);
    if (typeof d['unitCode'] !== 'string')
      throw new ReportShapeError(`dossiers.${i}.unitCode`, `costs: dossiers.${i}.unitCode must be a string`);
  });
  const { total, page: number, pageSize, dossiers } = body as DossierCostsDto;
  return { total, page: number, pageSize, dossiers };
}
