import { DvcqgFieldError } from './dvcqg-errors';
import {
  isMissing,
  shownValue,
  parseCode,
  parseDvcqgDate,
  parseList,
  parseStatus,
  parseText,
  readTolerantCode,
  readTolerantFlag,
  type DvcqgStatus,
  type DvcqgWarning,
} from './dvcqg-values';

/** One supplement round (DanhSachHoSoBoSung[i]): only what the diff needs. */
export interface DvcqgSupplementRound {
  /** NgayBoSung: when the supplement was requested (assumption, see docs/dvcqg.md). */
  requestedAt?: string;
  /** NgayTiepNhanBoSung: when the applicant's supplement was received. */
  receivedAt?: string;
  /** TrangThaiBoSung: the supplement was received. */
  completed: boolean;
  /** NgayHenTraTruoc / NgayHenTraMoi: appointment date before and after the round. */
  previousDueAt?: string;
  newDueAt?: string;
}

/**
 * The statistics-relevant part of one HoSo of a DongBoHoSoMC payload, validated. Personal fields
 * (ChuHoSo, SoGiayToChuHoSo, DinhDanhCHS, SoDienThoai, Email, Fax, addresses, TrichYeuHoSo, staff
 * names) are never read, so they cannot leak into events or stored state.
 */
export interface DvcqgSnapshot {
  dossierId: string;
  status: DvcqgStatus;
  procedureCode?: string;
  fieldCode?: string;
  /** KenhThucHien: 1 direct, 2 online, 3 public postal service. */
  channelCode?: number;
  /** HinhThuc: 0 desk, 1 postal. */
  deliveryCode?: number;
  submittedAt?: string;
  receivedAt?: string;
  dueAt?: string;
  returnedAt?: string;
  processingEndedAt?: string;
  refusedAt?: string;
  supplementRequestedAt?: string;
  processingUnit?: string;
  digitized: boolean;
  paidOnline: boolean;
  feeBearing?: boolean;
  electronicResult: boolean;
  supplementRounds: DvcqgSupplementRound[];
}

const NOT_DIGITISED = 'taken as not digitised';

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DvcqgFieldError(field, 'must be an object');
  return value as Record<string, unknown>;
}

/**
 * Validates one HoSo; `path` prefixes field names in errors (e.g. `data[2]`). What cannot be read
 * safely (ids, the status, the channel, dates, lists) refuses the snapshot; flags and codes whose value
 * space differs between vendors are read from what decides them and reported in `warnings`.
 */
export function parseDvcqgHoSo(raw: unknown, path: string, warnings: DvcqgWarning[] = []): DvcqgSnapshot {
  const hoSo = record(raw, path);
  const at = (name: string) => `${path}.${name}`;
  const dossierId = parseText(hoSo['MaHoSo'], at('MaHoSo'));
  if (!dossierId) throw new DvcqgFieldError(at('MaHoSo'), 'is required');
  if (dossierId.length > 64) throw new DvcqgFieldError(at('MaHoSo'), 'must be at most 64 characters');

  const rounds = parseList(hoSo['DanhSachHoSoBoSung'], at('DanhSachHoSoBoSung')).map((item, i) => {
    const roundPath = `${at('DanhSachHoSoBoSung')}[${i}]`;
    const round = record(item, roundPath);
    const receivedAt = parseDvcqgDate(round['NgayTiepNhanBoSung'], `${roundPath}.NgayTiepNhanBoSung`);
    // The receipt date of the supplement decides whether the round was completed; the flag only helps
    // when that date is missing (vendors use 0/1, 1/2, words…).
    const flag = readTolerantFlag(
      round['TrangThaiBoSung'],
      `${roundPath}.TrangThaiBoSung`,
      warnings,
      receivedAt === undefined
        ? 'round taken as still open (no NgayTiepNhanBoSung)'
        : 'round taken as completed (NgayTiepNhanBoSung is set)',
    );
    return {
      requestedAt: parseDvcqgDate(round['NgayBoSung'], `${roundPath}.NgayBoSung`),
      receivedAt,
      completed: receivedAt !== undefined || flag === true,
      previousDueAt: parseDvcqgDate(round['NgayHenTraTruoc'], `${roundPath}.NgayHenTraTruoc`),
      newDueAt: parseDvcqgDate(round['NgayHenTraMoi'], `${roundPath}.NgayHenTraMoi`),
    };
  });
  const documents = parseList(hoSo['TaiLieuNop'], at('TaiLieuNop')).map((item, i) =>
    record(item, `${at('TaiLieuNop')}[${i}]`),
  );
  const fees = isMissing(hoSo['DanhSachLePhi']) ? undefined : parseList(hoSo['DanhSachLePhi'], at('DanhSachLePhi'));

  return {
    dossierId,
    status: parseStatus(hoSo['TrangThaiHoSo'], at('TrangThaiHoSo')),
    procedureCode: parseText(hoSo['MaTTHC'], at('MaTTHC')),
    fieldCode: parseText(hoSo['MaLinhVuc'], at('MaLinhVuc')),
    channelCode: parseCode(hoSo['KenhThucHien'], at('KenhThucHien'), [1, 2, 3]),
    deliveryCode: readTolerantCode(
      hoSo['HinhThuc'],
      at('HinhThuc'),
      [0, 1],
      warnings,
      'result taken as handed over at the desk',
    ),
    submittedAt: parseDvcqgDate(hoSo['NgayNopHoSo'], at('NgayNopHoSo')),
    receivedAt: parseDvcqgDate(hoSo['NgayTiepNhan'], at('NgayTiepNhan')),
    dueAt: parseDvcqgDate(hoSo['NgayHenTra'], at('NgayHenTra')),
    returnedAt: parseDvcqgDate(hoSo['NgayTra'], at('NgayTra')),
    processingEndedAt: parseDvcqgDate(hoSo['NgayKetThucXuLy'], at('NgayKetThucXuLy')),
    refusedAt: parseDvcqgDate(hoSo['NgayTuChoi'], at('NgayTuChoi')),
    supplementRequestedAt: parseDvcqgDate(hoSo['NgayYeuCauBoSung'], at('NgayYeuCauBoSung')),
    processingUnit: parseText(hoSo['DonViXuLy'], at('DonViXuLy')),
    digitized:
      readTolerantFlag(hoSo['HoSoCoThanhPhanSoHoa'], at('HoSoCoThanhPhanSoHoa'), warnings, NOT_DIGITISED) === true ||
      documents.some(
        (doc, i) =>
          readTolerantFlag(doc['DuocSoHoa'], `${at('TaiLieuNop')}[${i}].DuocSoHoa`, warnings, NOT_DIGITISED) === true,
      ),
    paidOnline:
      readTolerantFlag(
        hoSo['DuocThanhToanTrucTuyen'],
        at('DuocThanhToanTrucTuyen'),
        warnings,
        'taken as not paid online',
      ) === true,
    feeBearing: fees === undefined ? undefined : fees.length > 0,
    electronicResult: parseList(hoSo['DanhSachGiayToKetQua'], at('DanhSachGiayToKetQua')).length > 0,
    supplementRounds: rounds,
  };
}

/** The DongBoHoSoMC body: `{service, isUpdating, data: [HoSo]}`. */
export interface DvcqgSyncPayload {
  service: string;
  isUpdating: boolean;
  snapshots: DvcqgSnapshot[];
  /** Values read tolerantly (see parseDvcqgHoSo): answered to the sender, never a refusal. */
  warnings: DvcqgWarning[];
}

export const DVCQG_SERVICE = 'DongBoHoSoMC';

export function parseDvcqgPayload(raw: unknown): DvcqgSyncPayload {
  const body = record(raw, '(body)');
  const service = isMissing(body['service']) ? DVCQG_SERVICE : body['service'];
  if (service !== DVCQG_SERVICE)
    throw new DvcqgFieldError('service', `must be ${DVCQG_SERVICE} (got ${shownValue(body['service'])})`);
  if (!Array.isArray(body['data'])) throw new DvcqgFieldError('data', 'must be an array of HoSo');
  if (body['data'].length === 0) throw new DvcqgFieldError('data', 'must contain at least one HoSo');
  const warnings: DvcqgWarning[] = [];
  return {
    service,
    // Accepted and ignored (every snapshot is diffed): an odd value is only worth a warning.
    isUpdating: readTolerantFlag(body['isUpdating'], 'isUpdating', warnings, 'ignored') === true,
    snapshots: body['data'].map((hoSo, i) => parseDvcqgHoSo(hoSo, `data[${i}]`, warnings)),
    warnings,
  };
}
