// A rack's as-built component tree and its install/removal timeline, derived from stored stays.
export * from './component-tree.js';
