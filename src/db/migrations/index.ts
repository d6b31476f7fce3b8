import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_base.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_base': m0001,
};
