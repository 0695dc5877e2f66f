import { toIsoWithVnOffset, type LocalDate } from '@dossier-ledger/calendar';
import type { Channel, DossierEventV1 } from '@dossier-ledger/contracts';

export interface StoryReceipt {
  unit: string;
  on: string;
  due: string | null;
  channel: Channel;
  field?: string;
  procedure?: string;
}

/** One dossier's events in story order; each event gets the next minute of its day from 08:00. */
export class Story {
  readonly events: DossierEventV1[] = [];

  constructor(
    readonly dossierId: string,
    private readonly unit: string,
  ) {}

  add(type: DossierEventV1['type'], on: string, extra: Record<string, unknown> = {}): this {
    const n = this.events.length;
    this.events.push({
      eventId: `${this.dossierId}#${n}`,
      dossierId: this.dossierId,
      type,
      occurredAt: toIsoWithVnOffset(on as LocalDate, 8 * 60 + n),
      unitCode: this.unit,
      seq: n,
      ...extra,
    } as DossierEventV1);
    return this;
  }

  resolved(on: string): this {
    return this.add('DossierResolved', on);
  }
}

/** Hand-written dossiers for tests whose figures are counted by hand. */
export class StoryBook {
  private readonly stories: Story[] = [];

  constructor(
    private readonly prefix: string,
    readonly source: string,
  ) {}

  receive(name: string, receipt: StoryReceipt): Story {
    const story = new Story(`${this.prefix}-${name}`, receipt.unit);
    story.add('DossierReceived', receipt.on, {
      channel: receipt.channel,
      procedureCode: receipt.procedure ?? 'TT-1',
      fieldCode: receipt.field ?? 'LV01',
      dueAt: receipt.due === null ? null : `${receipt.due}T17:00:00+07:00`,
    });
    this.stories.push(story);
    return story;
  }

  get events(): DossierEventV1[] {
    return this.stories.flatMap((s) => s.events);
  }
}
