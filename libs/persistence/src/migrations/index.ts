import { CoreSchema1764030000000 } from './1764030000000-core-schema.js';

/** Ordered list of every migration; never edit a committed one, add a new one. */
export const MIGRATIONS = [CoreSchema1764030000000];
