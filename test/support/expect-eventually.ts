export { expectEventually } from '#testing';
