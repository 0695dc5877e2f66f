import type { FormFigures, FormII06aInput } from '../lib/form-input';

export interface Counts {
  online?: number;
  direct?: number;
  postal?: number;
  carried?: number;
  early?: number;
  onTime?: number;
  late?: number;
  returned?: number;
  withdrawn?: number;
  inTime?: number;
  overdue?: number;
}

/** Figures whose totals are the sums of their parts (identity-consistent when the counts are). */
export function figures(c: Counts): FormFigures {
  const online = c.online ?? 0;
  const direct = c.direct ?? 0;
  const postal = c.postal ?? 0;
  const carriedOver = c.carried ?? 0;
  const early = c.early ?? 0;
  const onTime = c.onTime ?? 0;
  const late = c.late ?? 0;
  const inTime = c.inTime ?? 0;
  const overdue = c.overdue ?? 0;
  return {
    received: {
      total: online + direct + postal + carriedOver,
      inPeriod: { total: online + direct + postal, online, direct, postal },
      carriedOver,
    },
    resolved: { total: early + onTime + late, early, onTime, late },
    returned: c.returned ?? 0,
    withdrawn: c.withdrawn ?? 0,
    pending: { total: inTime + overdue, inTime, overdue },
  };
}

export function sumFigures(parts: readonly FormFigures[]): FormFigures {
  const add = (pick: (f: FormFigures) => number) => parts.reduce((s, f) => s + pick(f), 0);
  return figures({
    online: add((f) => f.received.inPeriod.online),
    direct: add((f) => f.received.inPeriod.direct),
    postal: add((f) => f.received.inPeriod.postal),
    carried: add((f) => f.received.carriedOver),
    early: add((f) => f.resolved.early),
    onTime: add((f) => f.resolved.onTime),
    late: add((f) => f.resolved.late),
    returned: add((f) => f.returned),
    withdrawn: add((f) => f.withdrawn),
    inTime: add((f) => f.pending.inTime),
    overdue: add((f) => f.pending.overdue),
  });
}

/**
 * A district-like report shaped on the district example of 02/2024 (docs/domain.md §9): a
 * province-level group and a commune-level group, received = resolved + returned + withdrawn + pending.
 */
export function districtLikeInput(overrides: Partial<FormII06aInput> = {}): FormII06aInput {
  const provinceFields = [
    {
      code: 'DD',
      name: 'Đất đai',
      figures: figures({
        online: 150,
        direct: 40,
        postal: 2,
        carried: 900,
        early: 500,
        onTime: 60,
        late: 12,
        returned: 5,
        withdrawn: 2,
        inTime: 495,
        overdue: 18,
      }),
    },
    {
      code: 'XD',
      name: 'Xây dựng',
      figures: figures({
        online: 60,
        direct: 20,
        carried: 300,
        early: 150,
        onTime: 20,
        late: 4,
        returned: 1,
        inTime: 200,
        overdue: 5,
      }),
    },
    {
      code: 'HKD',
      name: 'Thành lập và hoạt động của hộ kinh doanh',
      figures: figures({
        online: 61,
        direct: 9,
        carried: 202,
        early: 180,
        onTime: 10,
        late: 1,
        withdrawn: 1,
        inTime: 80,
      }),
    },
  ];
  const communeFields = [
    {
      code: 'HT',
      name: 'Hộ tịch',
      figures: figures({
        online: 520,
        direct: 60,
        postal: 1,
        carried: 30,
        early: 560,
        onTime: 20,
        late: 6,
        returned: 1,
        inTime: 24,
      }),
    },
    {
      code: 'CT',
      name: 'Chứng thực',
      figures: figures({ online: 180, direct: 90, carried: 3, early: 100, onTime: 170, late: 0, inTime: 3 }),
    },
    {
      code: 'LDTBXH',
      name: 'Lao động, thương binh và xã hội',
      figures: figures({
        online: 51,
        direct: 6,
        carried: 20,
        early: 50,
        onTime: 5,
        late: 2,
        returned: 1,
        inTime: 17,
        overdue: 2,
      }),
    },
  ];
  const province = sumFigures(provinceFields.map((f) => f.figures));
  const commune = sumFigures(communeFields.map((f) => f.figures));
  return {
    reportingUnit: { code: '42', name: 'Tỉnh Hà Tĩnh', level: 'province' },
    receivingUnitLabel: 'Văn phòng Chính phủ',
    from: '2024-01-19',
    to: '2024-02-19',
    countingRules: 'vn-default-v1',
    levels: [
      { level: 'commune', total: commune, fields: communeFields },
      { level: 'province', total: province, fields: provinceFields },
    ],
    total: sumFigures([province, commune]),
    ...overrides,
  };
}
