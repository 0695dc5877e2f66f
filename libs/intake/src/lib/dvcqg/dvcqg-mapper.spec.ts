import { validateDossierEventV1, type DossierEventV1 } from '@dossier-ledger/contracts';
import { ARRIVAL_TIME_MARK, diffDvcqgSnapshot, type DvcqgMappingContext } from './dvcqg-mapper';
import { parseDvcqgHoSo, parseDvcqgPayload } from './dvcqg-snapshot';
import type { DvcqgDossierState } from './dvcqg-dossier-state';
import { DvcqgFieldError } from './dvcqg-errors';
import type { DvcqgWarning } from './dvcqg-values';

const context: DvcqgMappingContext = { unitCode: '22', arrivedAt: '2023-02-01T10:00:00+07:00', path: 'data[0]' };

const PERSONAL = {
  ChuHoSo: 'Nguyễn Văn A',
  SoGiayToChuHoSo: '001099012345',
  SoDienThoai: '0912345678',
  Email: 'a@example.vn',
  DiaChi: '12 Lê Lợi, Hạ Long',
  DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '001099012345' }],
  TrichYeuHoSo: 'Đăng ký khai sinh cho Nguyễn Văn B',
};

const base = {
  MaHoSo: 'H49.01-230105-0001',
  MaTTHC: '1.001193',
  TenTTHC: 'Đăng ký khai sinh',
  MaLinhVuc: 'HT',
  KenhThucHien: '2',
  NgayNopHoSo: '20230105080000',
  NgayTiepNhan: '20230105083000',
  NgayHenTra: '20230110170000',
  NgayTra: '',
  NgayKetThucXuLy: '',
  NgayTuChoi: '',
  TrangThaiHoSo: '2',
  HinhThuc: '0',
  DonViXuLy: '000.00.00.H49',
  ...PERSONAL,
};

type Raw = Record<string, unknown>;

/** Applies snapshots in order, like successive syncs of one dossier. */
function replay(...snapshots: Raw[]): { steps: DossierEventV1[][]; state: DvcqgDossierState } {
  let state: DvcqgDossierState | undefined;
  const steps: DossierEventV1[][] = [];
  for (const raw of snapshots) {
    const diff = diffDvcqgSnapshot(state, parseDvcqgHoSo(raw, 'data[0]'), context);
    steps.push(diff.events);
    state = diff.state;
  }
  return { steps, state: state as DvcqgDossierState };
}

const types = (events: DossierEventV1[]) => events.map((e) => e.type);

describe('DVCQG snapshot → canonical events', () => {
  it('maps a received dossier: dates in +07:00, numbers as strings, empty dates missing', () => {
    const [events] = replay(base).steps;
    expect(events).toEqual([
      {
        eventId: 'dvcqg:H49.01-230105-0001:received',
        dossierId: 'H49.01-230105-0001',
        type: 'DossierReceived',
        occurredAt: '2023-01-05T08:30:00+07:00',
        unitCode: '22',
        seq: 0,
        channel: 'online',
        procedureCode: '1.001193',
        fieldCode: 'HT',
        dueAt: '2023-01-10T17:00:00+07:00',
      },
    ]);
  });

  it('produces events the canonical validator accepts', () => {
    const { steps } = replay(
      {
        ...base,
        TrangThaiHoSo: 'waiting',
        DanhSachHoSoBoSung: [{ NgayBoSung: '20230106090000', NgayHenTraTruoc: '20230110170000' }],
      },
      {
        ...base,
        TrangThaiHoSo: 10,
        NgayKetThucXuLy: 20230112100000,
        NgayTra: '20230113090000',
        HoSoCoThanhPhanSoHoa: '1',
        DanhSachGiayToKetQua: [{ TenGiayTo: 'x' }],
      },
    );
    for (const event of steps.flat()) expect(validateDossierEventV1(event)).toEqual({ ok: true, event });
  });

  it('follows one dossier through received → supplement → new appointment → resolved → returned', () => {
    const round = { NgayBoSung: '20230106090000', NgayHenTraTruoc: '20230110170000', TrangThaiBoSung: '0' };
    const { steps, state } = replay(
      { ...base, TrangThaiHoSo: '4' },
      { ...base, TrangThaiHoSo: '5', DanhSachHoSoBoSung: [round] },
      {
        ...base,
        TrangThaiHoSo: '4',
        NgayHenTra: '20230116170000',
        DanhSachHoSoBoSung: [
          { ...round, TrangThaiBoSung: '1', NgayTiepNhanBoSung: '20230109140000', NgayHenTraMoi: '20230116170000' },
        ],
      },
      { ...base, TrangThaiHoSo: '9', NgayHenTra: '20230116170000', NgayKetThucXuLy: '20230115160000' },
      {
        ...base,
        TrangThaiHoSo: '10',
        NgayHenTra: '20230116170000',
        NgayKetThucXuLy: '20230115160000',
        NgayTra: '20230116080000',
      },
    );
    expect(steps.map(types)).toEqual([
      ['DossierReceived'],
      ['SupplementRequested'],
      ['SupplementReceived'],
      ['DossierResolved'],
      ['ResultReturned'],
    ]);
    const all = steps.flat();
    expect(all.map((e) => e.occurredAt)).toEqual([
      '2023-01-05T08:30:00+07:00',
      '2023-01-06T09:00:00+07:00',
      '2023-01-09T14:00:00+07:00',
      '2023-01-15T16:00:00+07:00',
      '2023-01-16T08:00:00+07:00',
    ]);
    expect(all[2]).toMatchObject({
      eventId: 'dvcqg:H49.01-230105-0001:sup-rcv:1',
      newDueAt: '2023-01-16T17:00:00+07:00',
    });
    expect(all[4]).toMatchObject({ deliveredVia: 'desk' });
    expect(all.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(state).toMatchObject({
      status: 'done',
      resolved: true,
      resultReturned: true,
      dueAt: '2023-01-16T17:00:00+07:00',
    });
  });

  it('gives the same snapshot twice no events, and the same ids from the same state', () => {
    const snapshot = { ...base, TrangThaiHoSo: '4' };
    const { steps } = replay(snapshot, snapshot);
    expect(steps[1]).toEqual([]);
    const again = diffDvcqgSnapshot(undefined, parseDvcqgHoSo(snapshot, 'data[0]'), context);
    expect(again.events).toEqual(steps[0]);
  });

  it('reconstructs the history of a dossier first seen finished, with the original due date', () => {
    const [events] = replay({
      ...base,
      TrangThaiHoSo: 'done',
      NgayHenTra: '20230116170000',
      NgayKetThucXuLy: '20230115160000',
      NgayTra: '20230116080000',
      HinhThuc: '1',
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: '20230106090000',
          NgayTiepNhanBoSung: '20230109140000',
          TrangThaiBoSung: true,
          NgayHenTraTruoc: '20230110170000',
          NgayHenTraMoi: '20230113170000',
        },
        {
          NgayBoSung: '20230111090000',
          NgayTiepNhanBoSung: '20230112090000',
          TrangThaiBoSung: '1',
          NgayHenTraTruoc: '20230113170000',
          NgayHenTraMoi: '20230116170000',
        },
      ],
    }).steps;
    expect(types(events)).toEqual([
      'DossierReceived',
      'SupplementRequested',
      'SupplementReceived',
      'SupplementRequested',
      'SupplementReceived',
      'DossierResolved',
      'ResultReturned',
    ]);
    expect(events[0]).toMatchObject({ dueAt: '2023-01-10T17:00:00+07:00' });
    expect(events.map((e) => e.eventId)).toContain('dvcqg:H49.01-230105-0001:sup-rcv:2');
    expect(events[6]).toMatchObject({ deliveredVia: 'postal' });
  });

  it('infers a supplement round from status 5 alone, marking the arrival time', () => {
    const { steps } = replay(
      { ...base, TrangThaiHoSo: '4' },
      { ...base, TrangThaiHoSo: '5' },
      { ...base, TrangThaiHoSo: '4', NgayHenTra: '20230113170000' },
    );
    expect(steps[1]).toEqual([
      expect.objectContaining({
        type: 'SupplementRequested',
        eventId: `dvcqg:H49.01-230105-0001:sup-req:1${ARRIVAL_TIME_MARK}`,
        occurredAt: context.arrivedAt,
      }),
    ]);
    expect(steps[2]).toEqual([
      expect.objectContaining({ type: 'SupplementReceived', newDueAt: '2023-01-13T17:00:00+07:00' }),
    ]);
  });

  it.each([
    ['1', []],
    ['receiving', []],
    ['2', ['DossierReceived']],
    ['new', ['DossierReceived']],
    ['3', ['DossierRejected']],
    ['denied', ['DossierRejected']],
    ['4', ['DossierReceived']],
    ['processing', ['DossierReceived']],
    ['5', ['DossierReceived', 'SupplementRequested']],
    ['waiting', ['DossierReceived', 'SupplementRequested']],
    ['6', ['DossierReceived', 'PaymentRequested']],
    ['paying', ['DossierReceived', 'PaymentRequested']],
    ['7', ['DossierReceived', 'DossierWithdrawn']],
    ['cancelled', ['DossierReceived', 'DossierWithdrawn']],
    ['8', ['DossierReceived', 'ProcessingPaused']],
    ['unresolved', ['DossierReceived', 'ProcessingPaused']],
    ['9', ['DossierReceived', 'DossierResolved']],
    ['releasing', ['DossierReceived', 'DossierResolved']],
    ['10', ['DossierReceived', 'DossierResolved', 'ResultReturned']],
    ['done', ['DossierReceived', 'DossierResolved', 'ResultReturned']],
    ['interoperating', ['DossierReceived', 'DossierTransferred']],
    ['INTEROPERATING', ['DossierReceived', 'DossierTransferred']],
  ])('maps status %p seen first to %p', (status, expected) => {
    expect(types(replay({ ...base, TrangThaiHoSo: status }).steps[0])).toEqual(expected);
  });

  it('maps leaving statuses 6 and 8, and a refusal after reception', () => {
    const { steps } = replay(
      { ...base, TrangThaiHoSo: '6' },
      { ...base, TrangThaiHoSo: '4', DuocThanhToanTrucTuyen: '1' },
      { ...base, TrangThaiHoSo: '8' },
      { ...base, TrangThaiHoSo: '4' },
      { ...base, TrangThaiHoSo: '3', NgayTuChoi: '20230107100000' },
    );
    expect(steps.map(types)).toEqual([
      ['DossierReceived', 'PaymentRequested'],
      ['PaymentCompleted'],
      ['ProcessingPaused'],
      ['ProcessingResumed'],
      ['DossierReturned'],
    ]);
    expect(steps[1][0]).toMatchObject({ online: true, eventId: `dvcqg:H49.01-230105-0001:pay:1${ARRIVAL_TIME_MARK}` });
    expect(steps[4][0]).toMatchObject({ occurredAt: '2023-01-07T10:00:00+07:00' });
  });

  it('emits a due date change, a transfer resolved through the agency registry, digitisation once', () => {
    const resolveUnit = (agency: string) => (agency === '000.00.00.H22' ? '02' : undefined);
    let diff = diffDvcqgSnapshot(
      undefined,
      parseDvcqgHoSo({ ...base, TrangThaiHoSo: '4', TaiLieuNop: [{ DuocSoHoa: '1' }] }, 'data[0]'),
      context,
    );
    expect(types(diff.events)).toEqual(['DossierReceived', 'DossierDigitized']);
    diff = diffDvcqgSnapshot(
      diff.state,
      parseDvcqgHoSo({ ...base, TrangThaiHoSo: '4', NgayHenTra: '20230112170000', HoSoCoThanhPhanSoHoa: 1 }, 'data[0]'),
      context,
    );
    expect(diff.events).toEqual([
      expect.objectContaining({ type: 'DueDateChanged', newDueAt: '2023-01-12T17:00:00+07:00' }),
    ]);
    diff = diffDvcqgSnapshot(
      diff.state,
      parseDvcqgHoSo(
        { ...base, TrangThaiHoSo: 'interoperating', NgayHenTra: '20230112170000', DonViXuLy: '000.00.00.H22' },
        'data[0]',
      ),
      { ...context, resolveUnit },
    );
    expect(diff.events).toEqual([expect.objectContaining({ type: 'DossierTransferred', toUnitCode: '02' })]);
  });

  it('never puts personal data into events or state', () => {
    const { steps, state } = replay({
      ...base,
      TrangThaiHoSo: '10',
      NgayKetThucXuLy: '20230109100000',
      NgayTra: '20230110100000',
    });
    const stored = JSON.stringify({ steps, state });
    for (const value of ['Nguyễn', '001099012345', '0912345678', 'a@example.vn', 'Lê Lợi', 'khai sinh']) {
      expect(stored).not.toContain(value);
    }
  });

  it.each([
    [{ TrangThaiHoSo: '11' }, 'data[0].TrangThaiHoSo'],
    [{ TrangThaiHoSo: '' }, 'data[0].TrangThaiHoSo'],
    [{ NgayTiepNhan: '2023010508' }, 'data[0].NgayTiepNhan'],
    [{ NgayHenTra: '20230230170000' }, 'data[0].NgayHenTra'],
    [{ KenhThucHien: '4' }, 'data[0].KenhThucHien'],
    [{ MaHoSo: '' }, 'data[0].MaHoSo'],
    [{ DanhSachHoSoBoSung: [{ NgayBoSung: 'yesterday' }] }, 'data[0].DanhSachHoSoBoSung[0].NgayBoSung'],
  ])('rejects %p naming %s', (patch, field) => {
    expect(() => parseDvcqgHoSo({ ...base, ...patch }, 'data[0]')).toThrow(expect.objectContaining({ field }));
  });

  it.each([
    [{ NgayTiepNhan: '' }, 'data[0].NgayTiepNhan'],
    [{ MaTTHC: '' }, 'data[0].MaTTHC'],
    [{ MaLinhVuc: 'H T' }, 'data[0].MaLinhVuc'],
    [{ KenhThucHien: '' }, 'data[0].KenhThucHien'],
  ])('refuses to invent a reception from %p', (patch, field) => {
    const snapshot = parseDvcqgHoSo({ ...base, ...patch }, 'data[0]');
    expect(() => diffDvcqgSnapshot(undefined, snapshot, context)).toThrow(DvcqgFieldError);
    expect(() => diffDvcqgSnapshot(undefined, snapshot, context)).toThrow(expect.objectContaining({ field }));
  });

  it('reads TrangThaiBoSung from NgayTiepNhanBoSung when a vendor sends another value, with a warning', () => {
    const warnings: DvcqgWarning[] = [];
    const rounds = [
      { NgayBoSung: '20230106090000', TrangThaiBoSung: '2', NgayTiepNhanBoSung: '20230109140000' },
      { NgayBoSung: '20230110090000', TrangThaiBoSung: 'CHO' },
    ];
    const snapshot = parseDvcqgHoSo({ ...base, TrangThaiHoSo: '5', DanhSachHoSoBoSung: rounds }, 'data[0]', warnings);
    expect(snapshot.supplementRounds.map((r) => r.completed)).toEqual([true, false]);
    expect(warnings).toEqual([
      {
        field: 'data[0].DanhSachHoSoBoSung[0].TrangThaiBoSung',
        value: '2',
        reason: 'not 0/1 or true/false: round taken as completed (NgayTiepNhanBoSung is set)',
      },
      {
        field: 'data[0].DanhSachHoSoBoSung[1].TrangThaiBoSung',
        value: 'CHO',
        reason: 'not 0/1 or true/false: round taken as still open (no NgayTiepNhanBoSung)',
      },
    ]);
    const events = diffDvcqgSnapshot(undefined, snapshot, context).events;
    expect(types(events)).toEqual([
      'DossierReceived',
      'SupplementRequested',
      'SupplementReceived',
      'SupplementRequested',
    ]);
  });

  it('reads flags and HinhThuc tolerantly, warning; ids, units and dates still refuse the snapshot', () => {
    const payload = parseDvcqgPayload({
      isUpdating: 'Y',
      data: [{ ...base, DuocThanhToanTrucTuyen: 'yes', HoSoCoThanhPhanSoHoa: 2, HinhThuc: '5' }],
    });
    expect(payload.snapshots[0]).toMatchObject({ paidOnline: false, digitized: false, deliveryCode: undefined });
    expect(payload.warnings.map((w) => w.field)).toEqual([
      'isUpdating',
      'data[0].HinhThuc',
      'data[0].HoSoCoThanhPhanSoHoa',
      'data[0].DuocThanhToanTrucTuyen',
    ]);
    expect(() => parseDvcqgPayload({ data: [{ ...base, NgayTiepNhan: '2023-13-01' }] })).toThrow(DvcqgFieldError);
    expect(() => parseDvcqgPayload({ data: [{ ...base, MaHoSo: { id: 1 } }] })).toThrow(DvcqgFieldError);
  });

  it('never dates an undated change after the resolution the same snapshot reports', () => {
    const { steps } = replay(
      { ...base, TrangThaiHoSo: '6' },
      { ...base, TrangThaiHoSo: '9', DuocThanhToanTrucTuyen: '1', NgayKetThucXuLy: '20230109100000' },
    );
    expect(steps[1]).toEqual([
      expect.objectContaining({ type: 'PaymentCompleted', occurredAt: '2023-01-09T10:00:00+07:00' }),
      expect.objectContaining({ type: 'DossierResolved', occurredAt: '2023-01-09T10:00:00+07:00' }),
    ]);
    // Without an ending in the snapshot, the arrival time stays.
    const open = replay({ ...base, TrangThaiHoSo: '6' }, { ...base, TrangThaiHoSo: '4' }).steps[1];
    expect(open[0]).toMatchObject({ occurredAt: context.arrivedAt });
  });

  it('dates an online payment at submission before the receipt, sequenced after it', () => {
    const [events] = replay({ ...base, TrangThaiHoSo: '4', DuocThanhToanTrucTuyen: '1' }).steps;
    expect(events.map((e) => [e.type, e.occurredAt, e.seq])).toEqual([
      ['DossierReceived', '2023-01-05T08:30:00+07:00', 0],
      ['PaymentCompleted', '2023-01-05T08:00:00+07:00', 1],
    ]);
  });

  it('parses the payload envelope', () => {
    expect(parseDvcqgPayload({ service: 'DongBoHoSoMC', isUpdating: 'true', data: [base] })).toMatchObject({
      isUpdating: true,
      snapshots: [{ dossierId: base.MaHoSo }],
    });
    expect(() => parseDvcqgPayload({ service: 'Other', data: [base] })).toThrow(
      expect.objectContaining({ field: 'service' }),
    );
    expect(() => parseDvcqgPayload({ service: 'DongBoHoSoMC', data: {} })).toThrow(
      expect.objectContaining({ field: 'data' }),
    );
  });
});
