import { TOPICS, EVENTS_COLLECTION } from '@dossier-ledger/contracts';
import {
  post,
  publishedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';
import { DVCQG_STATE_COLLECTION } from './dvcqg-state.repository';

// 000.00.00.H49 → 22 (Quảng Ninh) is in the shipped agency map (libs/units/src/data/agency-codes.json).
const AGENCY = '000.00.00.H49';
const PATH = `/v1/dvcqg/DongBoHoSoMC?MaDinhDanhDV=${AGENCY}`;

const hoSo = {
  MaHoSo: 'H49.22-230105-0007',
  MaTTHC: '1.001193',
  TenTTHC: 'Đăng ký khai sinh',
  MaLinhVuc: 'HT',
  TenLinhVuc: 'Hộ tịch',
  KenhThucHien: '2',
  ChuHoSo: 'Trần Thị B',
  SoGiayToChuHoSo: '022199001234',
  SoDienThoai: '0987654321',
  Email: 'b@example.vn',
  DiaChi: '5 Trần Hưng Đạo, Hạ Long',
  NgayNopHoSo: '20230105080000',
  NgayTiepNhan: '20230105083000',
  NgayHenTra: '20230110170000',
  NgayTra: '',
  NgayKetThucXuLy: '',
  NgayTuChoi: '',
  TrangThaiHoSo: '4',
  HinhThuc: '0',
  DonViXuLy: AGENCY,
  DanhSachHoSoBoSung: [] as object[],
};

const round = {
  HoSoBoSungId: 1,
  NguoiYeuCauBoSung: 'Cán bộ X',
  NoiDungBoSung: 'Bản sao giấy chứng sinh',
  NgayBoSung: '20230106090000',
  NgayHenTraTruoc: '20230110170000',
  TrangThaiBoSung: '0',
};

describe('POST /v1/dvcqg/DongBoHoSoMC against the real servers', () => {
  const variables = suiteEnvironment('intake-dvcqg');
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let key: string;

  const sync = (data: object[], options: { key?: string; path?: string } = {}) =>
    post(intake.baseUrl, options.path ?? PATH, {
      key: options.key ?? key,
      body: JSON.stringify({ service: 'DongBoHoSoMC', isUpdating: true, data }),
    });

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    key = await servers.createKey('vnpt-qn', ['22']);
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('turns successive snapshots of one dossier into its events; the same snapshot twice changes nothing', async () => {
    const snapshots = [
      { ...hoSo },
      { ...hoSo, TrangThaiHoSo: 'waiting', DanhSachHoSoBoSung: [round] },
      {
        ...hoSo,
        TrangThaiHoSo: '4',
        NgayHenTra: '20230116170000',
        DanhSachHoSoBoSung: [
          { ...round, TrangThaiBoSung: '1', NgayTiepNhanBoSung: '20230109140000', NgayHenTraMoi: '20230116170000' },
        ],
      },
      { ...hoSo, TrangThaiHoSo: 9, NgayHenTra: '20230116170000', NgayKetThucXuLy: '20230115160000' },
      {
        ...hoSo,
        TrangThaiHoSo: 'done',
        NgayHenTra: '20230116170000',
        NgayKetThucXuLy: '20230115160000',
        NgayTra: '20230116080000',
      },
    ];
    const answers = [];
    for (const snapshot of snapshots) answers.push(await sync([snapshot]));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.error_code)).toEqual([0, 0, 0, 0, 0]);
    expect(answers[0].body.message).toContain('1 new');

    const again = await sync([snapshots[4]]);
    expect(again).toEqual({
      status: 200,
      body: { error_code: 0, message: 'OK: 1 HoSo, 0 events (0 new, 0 duplicates)' },
    });

    const messages = await servers.readTopic(TOPICS.dossierEvents, (m) => m.length >= 5);
    const events = messages.map((m) => publishedEvent(m).event);
    expect(events.map((e) => e.type)).toEqual([
      'DossierReceived',
      'SupplementRequested',
      'SupplementReceived',
      'DossierResolved',
      'ResultReturned',
    ]);
    expect(events.map((e) => e.eventId)).toEqual([
      'dvcqg:H49.22-230105-0007:received',
      'dvcqg:H49.22-230105-0007:sup-req:1',
      'dvcqg:H49.22-230105-0007:sup-rcv:1',
      'dvcqg:H49.22-230105-0007:resolved',
      'dvcqg:H49.22-230105-0007:result',
    ]);
    expect(events[2]).toMatchObject({
      occurredAt: '2023-01-09T14:00:00+07:00',
      newDueAt: '2023-01-16T17:00:00+07:00',
      unitCode: '22',
    });
    expect(events[0]).toMatchObject({ channel: 'online', dueAt: '2023-01-10T17:00:00+07:00' });

    // Nothing personal in the store: events and the per-dossier state.
    const db = await servers.db();
    const stored = JSON.stringify([
      await db.collection(EVENTS_COLLECTION).find({}).toArray(),
      await db.collection(DVCQG_STATE_COLLECTION).find({}).toArray(),
    ]);
    for (const value of [
      'Trần Thị B',
      '022199001234',
      '0987654321',
      'b@example.vn',
      'Trần Hưng Đạo',
      'Cán bộ X',
      'giấy chứng sinh',
    ])
      expect(stored).not.toContain(value);
    expect(await servers.count(DVCQG_STATE_COLLECTION)).toBe(1);
  });

  it('answers a bad snapshot with 400 naming the field, storing nothing', async () => {
    const before = await servers.count(EVENTS_COLLECTION);
    const answer = await sync([
      { ...hoSo, MaHoSo: 'H49-OTHER-1' },
      { ...hoSo, MaHoSo: 'H49-OTHER-2', NgayTiepNhan: '05/01/2023' },
    ]);
    expect(answer).toEqual({
      status: 400,
      body: { error_code: 1, message: expect.stringContaining('data[1].NgayTiepNhan') },
    });
    const missing = await sync([{ ...hoSo, MaHoSo: 'H49-OTHER-3', TrangThaiHoSo: '' }]);
    expect(missing).toMatchObject({
      status: 400,
      body: { error_code: 1, message: expect.stringContaining('data[0].TrangThaiHoSo') },
    });
    expect(await servers.count(EVENTS_COLLECTION)).toBe(before);
    expect(await servers.count(DVCQG_STATE_COLLECTION)).toBe(1);
  });

  it('answers an unknown agency, a missing key and a key of another province in the portal format', async () => {
    expect(await sync([hoSo], { path: '/v1/dvcqg/DongBoHoSoMC?MaDinhDanhDV=000.00.00.X99' })).toEqual({
      status: 400,
      body: { error_code: 2, message: expect.stringContaining('MaDinhDanhDV: unknown agency code 000.00.00.X99') },
    });
    expect(await sync([hoSo], { path: '/v1/dvcqg/DongBoHoSoMC' })).toMatchObject({
      status: 400,
      body: { error_code: 2 },
    });
    expect(await post(intake.baseUrl, PATH, { body: '{}' })).toMatchObject({ status: 401, body: { error_code: 3 } });
    const hanoi = await servers.createKey('hanoi', ['01']);
    expect(await sync([hoSo], { key: hanoi })).toMatchObject({
      status: 403,
      body: { error_code: 4, message: expect.stringContaining('unit 22') },
    });
    expect(await post(intake.baseUrl, PATH, { key, body: '{"data": [' })).toMatchObject({
      status: 400,
      body: { error_code: 1, message: expect.stringContaining('position') },
    });
  });

  it('accepts a vendor value space it does not know, reading what decides it, and answers a warning (issue 14)', async () => {
    const dossierId = 'H49.22-230105-0099';
    const completed = { ...round, TrangThaiBoSung: '2', NgayTiepNhanBoSung: '20230109140000' };
    const answer = await sync([{ ...hoSo, MaHoSo: dossierId, DanhSachHoSoBoSung: [completed] }]);
    expect(answer).toMatchObject({
      status: 200,
      body: {
        error_code: 0,
        message: expect.stringContaining('1 value(s) read with a warning'),
        warnings: [
          {
            field: 'data[0].DanhSachHoSoBoSung[0].TrangThaiBoSung',
            value: '2',
            reason: expect.stringContaining('NgayTiepNhanBoSung is set'),
          },
        ],
      },
    });
    // The round counts as completed: its supplement receipt is among the events stored.
    const messages = await servers.readTopic(TOPICS.dossierEvents, (m) =>
      m.some((message) => publishedEvent(message).event.eventId === `dvcqg:${dossierId}:sup-rcv:1`),
    );
    const types = messages.map((m) => publishedEvent(m).event).filter((e) => e.dossierId === dossierId);
    expect(types.map((e) => e.type)).toEqual(['DossierReceived', 'SupplementRequested', 'SupplementReceived']);
  });
});
