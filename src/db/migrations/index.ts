import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_base.js';
import * as m0002 from './0002_incidents.js';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_base': m0001,
  '0002_incidents': m0002,
};
