import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { AccessReason } from '../incident/incident.js';
import type { Status } from '../incident/norm.js';

/** The facts the case policy decides on, for a set of incidents, in one query. */
export interface CaseFacts {
  incidentId: string;
  status: Status;
  access: AccessReason | undefined;
  affected: boolean;
  policeShared: boolean;
}

export async function caseFacts(tx: Tx, userId: string, incidentIds: readonly string[]): Promise<Map<string, CaseFacts>> {
  const rows = await tx
    .selectFrom('incident as i')
    .leftJoin('incidentAccess as a', (join) => join.onRef('a.incidentId', '=', 'i.id').on('a.userId', '=', userId))
    .select((eb) => [
      'i.id',
      'i.status',
      'a.reason',
      eb
        .exists(
          eb
            .selectFrom('incidentAffected as f')
            .select(sql`1`.as('one'))
            .whereRef('f.incidentId', '=', 'i.id')
            .where('f.userId', '=', userId),
        )
        .as('affected'),
      eb
        .exists(
          eb
            .selectFrom('policeConsent as c')
            .select(sql`1`.as('one'))
            .whereRef('c.incidentId', '=', 'i.id')
            .where('c.given', '=', true)
            .where('c.shareBeyondHandlers', '=', true),
        )
        .as('policeShared'),
    ])
    .where('i.id', 'in', incidentIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        incidentId: r.id,
        status: r.status as Status,
        access: (r.reason ?? undefined) as AccessReason | undefined,
        affected: Boolean(r.affected),
        policeShared: Boolean(r.policeShared),
      },
    ]),
  );
}
