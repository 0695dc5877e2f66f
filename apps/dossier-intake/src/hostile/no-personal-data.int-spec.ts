import { EVENTS_COLLECTION, KAFKA_HEADERS, TOPICS } from '@dossier-ledger/contracts';
import { expectEventually } from '@dossier-ledger/testing';
import { Partitioners } from 'kafkajs';
import { DOSSIER_LOG_COLLECTION } from '../dossier-log/dossier-log.repository';
import {
  post,
  receivedEvent,
  startIntakeApp,
  suiteEnvironment,
  SuiteServers,
  type IntakeTestApp,
} from '../testing/intake-test-kit';

// Applicants' personal data is not needed for statistics and must not be kept: DVCQG snapshots
// full of it are accepted (the fields are ignored), canonical events carrying it are refused, and
// afterwards no collection and no topic we write holds any of it. The direct-intake topic itself
// is excluded: it is the vendor's own input, written by them before we read it.
const AGENCY = '000.00.00.H49'; // → province 22
const MARK = `pii${Date.now().toString(36)}`;
const PERSONAL = {
  ChuHoSo: `Nguyễn Văn ${MARK}A`,
  SoGiayToChuHoSo: `0221990${MARK}`,
  DinhDanhCHS: `CCCD${MARK}`,
  SoDienThoai: `0987${MARK}`,
  Email: `${MARK}@example.vn`,
  Fax: `024${MARK}`,
  DiaChi: `5 Trần Hưng Đạo ${MARK}, Hạ Long`,
  DiaChiThuongTru: `Tổ 3 ${MARK}`,
  TrichYeuHoSo: `Đăng ký khai sinh cho cháu ${MARK}B`,
  NguoiNop: `Trần Thị ${MARK}C`,
  CanBoTiepNhan: `Cán bộ ${MARK}D`,
};
/** The distinctive part of each personal value, to search for. */
const NEEDLE = MARK;

const snapshot = (n: number, status: string) => ({
  MaHoSo: `PII-${MARK}-${n}`.replace(MARK, 'x'), // the dossier number is not personal data
  MaTTHC: '1.001193',
  MaLinhVuc: 'HT',
  KenhThucHien: '2',
  NgayNopHoSo: '20230105080000',
  NgayTiepNhan: '20230105083000',
  NgayHenTra: '20230110170000',
  TrangThaiHoSo: status,
  ...PERSONAL,
  DanhSachHoSoBoSung:
    status === '5'
      ? [{ NgayBoSung: '20230106090000', NguoiYeuCauBoSung: `Cán bộ ${MARK}E`, NoiDungBoSung: `Giấy tờ của ${MARK}F` }]
      : [],
  TaiLieuNop: [{ TenTepDinhKem: `CCCD-${MARK}.pdf`, DuocSoHoa: '1' }],
  DanhSachGiayToKetQua: [{ TenGiayTo: `Giấy khai sinh ${MARK}G` }],
});

describe('no personal data kept (real servers)', () => {
  const variables = suiteEnvironment('intake-pii');
  const servers = new SuiteServers(variables);
  let intake: IntakeTestApp;
  let key: string;

  beforeAll(async () => {
    intake = await startIntakeApp(variables);
    key = await servers.createKey('pii-vendor', ['22']);
  });

  afterAll(async () => {
    await intake?.close();
    await servers.close();
  });

  it('ignores personal fields of DVCQG snapshots, refuses them in events, and keeps none anywhere', async () => {
    for (const status of ['4', '5', '9']) {
      const answer = await post(intake.baseUrl, `/v1/dvcqg/DongBoHoSoMC?MaDinhDanhDV=${AGENCY}`, {
        key,
        body: JSON.stringify({
          service: 'DongBoHoSoMC',
          isUpdating: true,
          data: [1, 2, 3].map((n) => snapshot(n, status)),
        }),
      });
      expect(answer.body).toMatchObject({ error_code: 0 });
    }
    const refused = await post(intake.baseUrl, '/v1/events', {
      key,
      body: JSON.stringify([{ ...receivedEvent(1), applicantName: PERSONAL.ChuHoSo }]),
    });
    expect(refused.status).toBe(422);

    // A direct-intake record with personal fields: refused, and its dead letter must not copy them.
    const producer = servers.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: servers.topic(TOPICS.intakeRaw),
      messages: [
        {
          key: 'pii',
          value: JSON.stringify({ ...receivedEvent(2), ChuHoSo: PERSONAL.ChuHoSo, SoDienThoai: PERSONAL.SoDienThoai }),
          headers: { [KAFKA_HEADERS.source]: 'pii-vendor' },
        },
      ],
    });
    await producer.disconnect();
    await servers.readTopic(TOPICS.intakeDeadLetter, (m) => m.length >= 1);

    await expectEventually(async () => expect(await servers.count(EVENTS_COLLECTION)).toBeGreaterThanOrEqual(3));
    await expectEventually(async () => expect(await servers.count(DOSSIER_LOG_COLLECTION)).toBeGreaterThanOrEqual(3));
    // The suite runs the log in a database of its own (DOSSIER_LOG_DATABASE), as `npm start` does.
    const [serviceDb, logDb] = await servers.databases();
    expect(await serviceDb.collection(DOSSIER_LOG_COLLECTION).countDocuments({})).toBe(0);
    expect(await logDb.collection(DOSSIER_LOG_COLLECTION).countDocuments({})).toBeGreaterThanOrEqual(3);

    // Every document of every collection (of both databases: the dossier log has its own), and every
    // record (key, value, headers) of every topic but the input.
    const found: string[] = [];
    let collections = 0;
    for (const db of await servers.databases())
      for (const { name } of await db.listCollections().toArray()) {
        collections++;
        const docs = await db.collection(name).find({}).toArray();
        for (const doc of docs)
          if (JSON.stringify(doc).includes(NEEDLE))
            found.push(`collection ${db.databaseName}.${name}: ${JSON.stringify(doc).slice(0, 200)}`);
      }
    const admin = servers.kafka.admin();
    await admin.connect();
    const prefix = variables['KAFKA_TOPIC_PREFIX'];
    const topics = (await admin.listTopics()).filter(
      (t) => t.startsWith(prefix) && t !== servers.topic(TOPICS.intakeRaw),
    );
    const sizes = await Promise.all(
      topics.map(async (t) => (await admin.fetchTopicOffsets(t)).reduce((sum, o) => sum + Number(o.high), 0)),
    );
    await admin.disconnect();
    let records = 0;
    for (const [i, topic] of topics.entries()) {
      if (sizes[i] === 0) continue;
      const messages = await servers.readTopic({ name: topic.slice(prefix.length) }, (m) => m.length >= sizes[i]);
      records += messages.length;
      for (const m of messages) {
        const text = [m.key?.toString(), m.value?.toString(), ...Object.values(m.headers ?? {}).map(String)].join(' ');
        if (text.includes(NEEDLE)) found.push(`topic ${topic}: ${text.slice(0, 200)}`);
      }
    }
    console.log(`[pii] searched ${collections} collections and ${records} records on ${topics.length} topics`);
    expect(records).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
