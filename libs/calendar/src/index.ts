export * from './lib/local-date';
export * from './lib/vietnamese-lunar';
export * from './lib/statutory-holidays';
export * from './lib/working-days';
export * from './lib/periods';
export * from './lib/vi-format';
export * from './data/vn-holidays';
