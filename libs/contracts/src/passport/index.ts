export * from './passport-facts.js';
export * from './rack-passport.document.js';
export * from './passport-signature.js';
