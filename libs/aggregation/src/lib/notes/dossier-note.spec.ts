import { toDayNumber, type LocalDate } from '@dossier-ledger/calendar';
import { dossierContributions, foldDossier, DEFAULT_COUNTING_RULES } from '@dossier-ledger/reporting';
import { StoryBook, type Story } from '../../testing/story-book';
import { decodeNote, dossierNote, encodeNote, isOverdueOn, noteBucketDay } from './dossier-note';

const day = (d: string) => toDayNumber(d as LocalDate);
const UNIT = '22246';

function noteOf(story: Story) {
  const facts = foldDossier(story.events, DEFAULT_COUNTING_RULES);
  return dossierNote(facts, dossierContributions(facts, DEFAULT_COUNTING_RULES), story.events);
}

describe('dossierNote', () => {
  const book = new StoryBook('N', 'test');

  it('has nothing to say of a dossier resolved on time', () => {
    expect(
      noteOf(
        book
          .receive('ok', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'online' })
          .resolved('2024-03-10'),
      ),
    ).toBeNull();
  });

  it('notes a late resolution, with its overdue span, due date and bucket (the finish day)', () => {
    const note = noteOf(
      book
        .receive('late', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' })
        .resolved('2024-04-02'),
    );
    expect(note).toMatchObject({
      dossierId: 'N-late',
      unitCode: UNIT,
      counted: true,
      fieldCode: 'LV01',
      procedureCode: 'TT-1',
      receivedDay: day('2024-03-01'),
      finishKind: 'resolved',
      finishDay: day('2024-04-02'),
      dueDay: day('2024-03-10'),
      late: 'withoutApology',
      overdue: [{ from: day('2024-03-11'), until: day('2024-04-02'), dueDay: day('2024-03-10') }],
      anomalies: [],
    });
    expect(noteBucketDay(note as never)).toBe(day('2024-04-02'));
  });

  it('tells a late resolution with an apology letter', () => {
    const story = book
      .receive('apology', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' })
      .add('ApologyIssued', '2024-03-09')
      .resolved('2024-03-12');
    expect(noteOf(story)?.late).toBe('withApology');
  });

  it('notes an open processing dossier with an appointment date: overdue from the day after it, until it finishes', () => {
    const note = noteOf(book.receive('open', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' }));
    expect(note?.overdue).toEqual([{ from: day('2024-03-11'), until: null, dueDay: day('2024-03-10') }]);
    expect(isOverdueOn(note as never, day('2024-03-10'))).toBe(false);
    expect(isOverdueOn(note as never, day('2024-03-11'))).toBe(true);
    expect(isOverdueOn(note as never, day('2030-01-01'))).toBe(true);
    expect(noteBucketDay(note as never)).toBe(day('2024-03-01'));
  });

  it('leaves out dossiers that can never be overdue: waiting (a paused clock) or without an appointment date', () => {
    expect(
      noteOf(
        book
          .receive('wait', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' })
          .add('SupplementRequested', '2024-03-05'),
      ),
    ).toBeNull();
    expect(noteOf(book.receive('nodue', { unit: UNIT, on: '2024-03-01', due: null, channel: 'direct' }))).toBeNull();
  });

  it('keeps a past overdue span of a dossier returned later (column 13 of an earlier `to`)', () => {
    const note = noteOf(
      book
        .receive('ret', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' })
        .add('DossierReturned', '2024-03-20'),
    );
    expect(note).toMatchObject({
      late: null,
      finishKind: 'returned',
      overdue: [{ from: day('2024-03-11'), until: day('2024-03-20') }],
    });
  });

  it('notes anomalies, and places a dossier without receipt by its earliest event', () => {
    const story = book.receive('norec', { unit: UNIT, on: '2024-03-05', due: '2024-03-10', channel: 'direct' });
    const events = story.events.map((e) => ({ ...e, type: 'DossierResolved' }) as never);
    const facts = foldDossier(events, DEFAULT_COUNTING_RULES);
    const note = dossierNote(facts, dossierContributions(facts, DEFAULT_COUNTING_RULES), events);
    expect(note).toMatchObject({
      counted: false,
      unitCode: UNIT,
      receivedDay: day('2024-03-05'),
      anomalies: ['missingReceipt', 'resolvedWithoutReceipt'],
    });
  });

  it('encodes compactly and decodes to the same note', () => {
    const note = noteOf(
      book
        .receive('codec', { unit: UNIT, on: '2024-03-01', due: '2024-03-10', channel: 'direct' })
        .resolved('2024-04-02'),
    );
    expect(decodeNote(JSON.parse(JSON.stringify(encodeNote(note as never))))).toEqual(note);
  });
});
