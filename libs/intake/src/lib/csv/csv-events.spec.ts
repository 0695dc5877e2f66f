import { validateDossierEventV1 } from '@dossier-ledger/contracts';
import { CsvFormatError, csvLineToEvent, parseCsvHeader, splitCsvLine } from './csv-events';

describe('CSV events', () => {
  const header = parseCsvHeader(
    '\uFEFFeventId,dossierId,type,occurredAt,unitCode,channel,procedureCode,fieldCode,dueAt,feeBearing,tags,seq',
  );

  it('splits quoted cells', () => {
    expect(splitCsvLine('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
    expect(() => splitCsvLine('a,"b')).toThrow(CsvFormatError);
  });

  it('turns a line into a valid canonical event', () => {
    const event = csvLineToEvent(
      header,
      'e1,D1,DossierReceived,2023-01-05T08:30:00+07:00,22,online,1.001193,HT,,true,766;a,3',
    );
    expect(event).toEqual({
      eventId: 'e1',
      dossierId: 'D1',
      type: 'DossierReceived',
      occurredAt: '2023-01-05T08:30:00+07:00',
      unitCode: '22',
      channel: 'online',
      procedureCode: '1.001193',
      fieldCode: 'HT',
      dueAt: null,
      feeBearing: true,
      tags: ['766', 'a'],
      seq: 3,
    });
    expect(validateDossierEventV1(event).ok).toBe(true);
  });

  it('drops empty cells of other types', () => {
    expect(csvLineToEvent(header, 'e2,D1,DossierResolved,2023-01-06T08:30:00+07:00,22,,,,,,,')).toEqual({
      eventId: 'e2',
      dossierId: 'D1',
      type: 'DossierResolved',
      occurredAt: '2023-01-06T08:30:00+07:00',
      unitCode: '22',
    });
  });

  it('rejects a wrong cell count and a duplicate column', () => {
    expect(() => csvLineToEvent(header, 'a,b')).toThrow(/expected 12 cells/);
    expect(() => parseCsvHeader('a,b,a')).toThrow(/twice/);
  });
});
