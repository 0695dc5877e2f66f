export * from './lib/events/dossier-event-types';
export * from './lib/events/dossier-event.v1';
export * from './lib/events/dossier-event.v1.dto';
export * from './lib/events/is-instant-with-offset.validator';
export * from './lib/events/validate-dossier-event';
export * from './lib/topics';
export * from './lib/reports';
export * from './lib/notifications/report-updated.v1';
