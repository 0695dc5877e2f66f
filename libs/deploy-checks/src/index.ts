export * from './lib/compose';
export * from './lib/dockerfile';
export * from './lib/manifests';
export * from './lib/strict-fields';
export * from './lib/workspace';
