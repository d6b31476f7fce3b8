import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { actAs, createIncident, makeOrganisation, makeUser } from '../../test/factories.js';
import { ownSessions, listTrainingSessions } from '../domain/training/training-sessions.js';
import type { Organisation } from '../domain/organisation/organisation.js';
import type { Role } from '../domain/user/roles.js';
import type { User } from '../domain/user/user.js';
import { amsterdamToday } from '../time/amsterdam.js';
import type { DemoKey } from './demo-incidents.js';
import { currentTermStart, fillDemoTraining } from './demo-training.js';

describe("the demo's sessions", () => {
  let t: TestDatabase;
  const people = new Map<DemoKey, string>();
  const users = new Map<DemoKey, User>();
  let organisationId: string;
  let org: Organisation;

  beforeAll(async () => {
    t = await createTestDatabase();
    org = await makeOrganisation(t.db, 'Gemeente Voorbeeld');
    organisationId = org.id;
    const roles: [DemoKey, Role][] = [
      ['burgemeester', 'mayor'],
      ['wethouder', 'alderman'],
      ['raadslid', 'council_member'],
      ['fractielid', 'group_member'],
      ['griffier', 'clerk'],
      ['secretaris', 'municipal_secretary'],
    ];
    for (const [key, role] of roles) {
      const user = await makeUser(t.db, org, [role], `Demo ${key}`);
      people.set(key, user.id);
      users.set(key, user);
    }
    await createIncident(t.db, { user: users.get('raadslid')!, organisation: org }, { level: 'threat' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('starts the term in the March of the last council election', () => {
    expect(currentTermStart('2026-12-03')).toBe('2026-03-30');
    expect(currentTermStart('2026-03-29')).toBe('2022-03-30');
    expect(currentTermStart('2029-01-01')).toBe('2026-03-30');
  });

  it("holds this term's start-of-term session, plans a casuistry session with an incident and a training, once", async () => {
    await fillDemoTraining(t.db, organisationId, people);
    await fillDemoTraining(t.db, organisationId, people);
    const clerk = { user: users.get('griffier')!, organisation: org };
    const sessions = await actAs(t.db, clerk, (tx, me) => listTrainingSessions(tx, me));
    expect(sessions.map((s) => [s.kind, s.heldAt !== null]).sort()).toEqual(
      [
        ['casuistry', false],
        ['term_start', currentTermStart(amsterdamToday()) < amsterdamToday()],
        ['training', false],
      ].sort(),
    );
    const mine = await actAs(t.db, { ...clerk, user: users.get('raadslid')! }, (tx, me) => ownSessions(tx, me));
    expect(mine.coming.map((s) => s.kind)).toEqual(['casuistry']);
    expect(mine.attended.map((s) => s.kind)).toEqual(['term_start']);
    const discussed = await t.admin.query('SELECT count(*)::int AS n FROM training_session_incident');
    expect(discussed.rows[0].n).toBe(1);
    const versions = await t.admin.query('SELECT version FROM protocol_version ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual([1, 2]);
    const deadlines = await t.admin.query(
      "SELECT kind, state FROM deadline WHERE kind IN ('term_start_session','casuistry_session') ORDER BY kind",
    );
    expect(deadlines.rows).toEqual([
      { kind: 'casuistry_session', state: 'open' },
      { kind: 'term_start_session', state: 'done' },
    ]);
  });
});
