import { ApiProperty } from '@nestjs/swagger';

export class EventConflictDto {
  @ApiProperty({ description: 'Position of the event in the request' })
  index!: number;

  @ApiProperty()
  eventId!: string;
}

export class AcceptEventsResponseDto {
  @ApiProperty({ description: 'Events stored for the first time' })
  accepted!: number;

  @ApiProperty({
    description: 'Events whose source + eventId were seen before (earlier or in this request); they change nothing',
  })
  duplicates!: number;

  @ApiProperty({
    type: [EventConflictDto],
    description: 'Duplicates whose content differs from the stored event (they change nothing either)',
  })
  conflicts!: EventConflictDto[];
}

export class ItemErrorDto {
  @ApiProperty() index!: number;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty({ example: 'occurredAt' }) field!: string;
  @ApiProperty({ example: 'isInstantWithOffset' }) rule!: string;
  @ApiProperty() message!: string;
}
