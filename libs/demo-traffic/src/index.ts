export * from './lib/rng';
export * from './lib/vn-time';
export * from './lib/catalog';
export * from './lib/profile';
export * from './lib/plan-dossier';
export * from './lib/simulator';
export * from './lib/demo-units';
