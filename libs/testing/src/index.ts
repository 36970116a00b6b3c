export * from './expect-eventually.js';
