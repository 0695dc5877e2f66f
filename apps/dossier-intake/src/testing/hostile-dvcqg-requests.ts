// Generators of malformed DongBoHoSoMC requests for the hostile-input suite. Each case says which
// status and which field (path in the payload, e.g. data[1].NgayHenTra) the answer must name.
import {
  contentEncoding,
  hugeString,
  invalidUtf8,
  notAString,
  wrongMediaType,
  type HostileCase,
} from '@dossier-ledger/testing';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

type HoSo = Record<string, unknown>;

/** A valid snapshot of a dossier being processed, unique per case. */
function validHoSo(id: string): HoSo {
  return {
    MaHoSo: `HXD-${id}`,
    MaTTHC: '1.001193',
    MaLinhVuc: 'HT',
    KenhThucHien: '2',
    NgayNopHoSo: '20230105080000',
    NgayTiepNhan: '20230105083000',
    NgayHenTra: '20230110170000',
    TrangThaiHoSo: '4',
    HinhThuc: '0',
    DanhSachHoSoBoSung: [],
  };
}

const DATE_FIELDS = [
  'NgayNopHoSo',
  'NgayTiepNhan',
  'NgayHenTra',
  'NgayTra',
  'NgayKetThucXuLy',
  'NgayTuChoi',
  'NgayYeuCauBoSung',
] as const;

/** Portal dates (yyyyMMddHHmmss) that cannot exist or are not dates at all. */
const impossibleDvcqgDate: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: 13, max: 99 }).map((month) => `2023${month}05083000`),
  fc.integer({ min: 30, max: 31 }).map((day) => `202302${day}083000`),
  fc.integer({ min: 24, max: 99 }).map((hour) => `20230105${hour}3000`),
  fc.integer({ min: 60, max: 99 }).map((minute) => `2023010508${minute}00`),
  fc.constantFrom('2023010508300', '05/01/2023', 'abc', '2023-02-30T08:00:00', '20230105083000Z', 'null'),
  fc.constantFrom({}, [], ['20230105083000'], { $gt: '' }, true),
);

interface Change {
  kind: string;
  /** The field's name inside the HoSo; the answer names `data[i].<field>`. */
  field: string;
  apply(hoSo: HoSo): HoSo;
}

const change = (kind: string, field: string, apply: (h: HoSo) => HoSo): Change => ({ kind, field, apply });
const set = (field: string, value: unknown) => (h: HoSo) => ({ ...h, [field]: value });

const hoSoChange: fc.Arbitrary<Change> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...DATE_FIELDS), impossibleDvcqgDate)
    .map(([field, value]) => change('impossibleDate', field, set(field, value))),
  fc
    .oneof(fc.constantFrom('0', '11', '-1', 'x', 'DONE!', '4.5', {}, [4]), fc.constant(undefined))
    .map((value) => change('badStatus', 'TrangThaiHoSo', set('TrangThaiHoSo', value))),
  // HinhThuc and the 0/1 flags are read tolerantly (a warning, see docs/dvcqg.md): not malformed.
  fc
    .constantFrom('4', 7, 'online', '1.5', -1, [1], { a: 1 })
    .map((value) => change('badCode', 'KenhThucHien', set('KenhThucHien', value))),
  fc
    .oneof(fc.constant(undefined), fc.constant(''), hugeString, fc.constant({}), fc.constant([]))
    .map((value) => change('badMaHoSo', 'MaHoSo', set('MaHoSo', value))),
  fc
    .tuple(fc.constantFrom('MaTTHC', 'MaLinhVuc'), fc.oneof(hugeString, fc.constantFrom('a b', '$where', 'x/y', {})))
    .map(([field, value]) => change('badCodeText', field, set(field, value))),
  fc
    .tuple(
      fc.constantFrom('DanhSachHoSoBoSung', 'TaiLieuNop', 'DanhSachGiayToKetQua'),
      fc.constantFrom('x', 5, { a: 1 }, true),
    )
    .map(([field, value]) => change('notAList', field, set(field, value))),
  fc
    .tuple(
      fc.constantFrom('DanhSachHoSoBoSung', 'TaiLieuNop'),
      notAString.filter((v) => typeof v !== 'object'),
    )
    .map(([field, value]) => change('listItemNotObject', `${field}[0]`, set(field, [value]))),
  fc
    .tuple(fc.constantFrom('NgayBoSung', 'NgayTiepNhanBoSung', 'NgayHenTraTruoc', 'NgayHenTraMoi'), impossibleDvcqgDate)
    .map(([field, value]) =>
      change('badRound', `DanhSachHoSoBoSung[0].${field}`, set('DanhSachHoSoBoSung', [{ [field]: value }])),
    ),
);

const JSON_TYPE = { 'content-type': 'application/json' };

/** Generators of malformed DongBoHoSoMC requests for an agency in the key's scope. */
export function hostileDvcqgRequests(
  endpoint: string,
  agency: string,
  authorization: string,
): fc.Arbitrary<HostileCase> {
  const path = `${endpoint}?MaDinhDanhDV=${agency}`;
  const payload = (data: unknown) => JSON.stringify({ service: 'DongBoHoSoMC', isUpdating: true, data });
  const snapshots = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.nat(), fc.uuid());
  const post = (label: string, status: number, mentions: string, body: Buffer | string, extra = {}, to = path) => ({
    label: `dvcqg/${label}`,
    request: { method: 'POST' as const, path: to, headers: { authorization, ...JSON_TYPE, ...extra }, body },
    expect: { status, mentions },
  });

  const oneBadHoSo = fc.tuple(snapshots, hoSoChange).map(([[size, at, id], broken]) => {
    const index = at % size;
    const data = Array.from({ length: size }, (_, i) => validHoSo(`${id}-${i}`));
    data[index] = broken.apply(data[index]);
    return post(`${broken.kind}:${broken.field}`, 400, `data[${index}].${broken.field}`, payload(data));
  });

  const valid = snapshots.map(([size, , id]) =>
    payload(Array.from({ length: size }, (_, i) => validHoSo(`${id}-${i}`))),
  );
  const bodyLevel: fc.Arbitrary<HostileCase> = fc.oneof(
    fc
      .oneof(fc.constant(undefined), fc.constant([]), fc.constantFrom('x', 1, {}, null))
      .map((data) =>
        post(
          'badData',
          400,
          'data',
          JSON.stringify({ service: 'DongBoHoSoMC', ...(data === undefined ? {} : { data }) }),
        ),
      ),
    fc
      .constantFrom('DongBoHoSo', 'x', 1, {}, ['DongBoHoSoMC'])
      .map((service) => post('badService', 400, 'service', JSON.stringify({ service, data: [validHoSo('s')] }))),
    fc.constantFrom('[]', '1', '"x"', 'null', '[{"MaHoSo":"1"}]').map((body) => post('notObject', 400, '(body)', body)),
    fc
      .tuple(valid, fc.double({ min: 0.01, max: 0.99, noNaN: true }))
      .map(([text, cut]) =>
        post('truncated', 400, 'position', text.slice(0, Math.max(1, Math.floor(text.length * cut)))),
      ),
    fc.tuple(valid, invalidUtf8).map(([text, bytes]) => {
      const at = text.indexOf('"HXD-') + 5;
      return post(
        'invalidUtf8',
        400,
        'UTF-8',
        Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]),
      );
    }),
    fc
      .tuple(valid, wrongMediaType)
      .map(([text, type]) => post('mediaType', 415, 'Content-Type', text, { 'content-type': type })),
    fc
      .tuple(valid, contentEncoding)
      .map(([text, encoding]) =>
        post('compressed', 415, 'Content-Encoding', gzipSync(text), { 'content-encoding': encoding }),
      ),
    fc
      .tuple(
        valid,
        fc.constantFrom(
          '',
          '?MaDinhDanhDV=',
          '?MaDinhDanhDV=000.00.00.XYZ',
          `?MaDinhDanhDV=${agency}&MaDinhDanhDV=${agency}`,
          '?MaDinhDanhDV[$ne]=1',
        ),
      )
      .map(([text, query]) => post('agency', 400, 'MaDinhDanhDV', text, {}, endpoint + query)),
  );

  return fc.oneof({ arbitrary: oneBadHoSo, weight: 3 }, { arbitrary: bodyLevel, weight: 1 });
}
