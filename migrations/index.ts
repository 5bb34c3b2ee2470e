import { Init1764140000000 } from './1764140000000-init';

/** Every migration, in order. The schema exists only through these. */
export const MIGRATIONS = [Init1764140000000];
