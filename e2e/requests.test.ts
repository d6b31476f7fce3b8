import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../src/db/database.js';
import type { Organisation } from '../src/domain/organisation/organisation.js';
import { createPerpetrator } from '../src/domain/perpetrator/manage-perpetrator.js';
import { newPerpetratorSchema } from '../src/domain/perpetrator/perpetrator.schema.js';
import { compileAccessExport, recordRequest } from '../src/domain/request/handle-request.js';
import type { User } from '../src/domain/user/user.js';
import { createTestDatabase, type TestDatabase } from '../test/db.js';
import { createIncident, makeOrganisation, makeUser, signedInAs } from '../test/factories.js';
import {
  expectAccessibleWithUniqueIds,
  launchChromium,
  location,
  navigating,
  nl,
  pageFor,
  startServer,
  type RunningServer,
  type TestChromium,
} from '../test/browser.js';

/**
 * The requests pages in a real browser, with axe: the list with the new-request form, a
 * request in review as the privacy officer sees it, and an erasure's decision form.
 */
describe('requests from the people in it in the browser', () => {
  let database: TestDatabase;
  let chromium: TestChromium;
  let server: RunningServer;
  let org: Organisation;
  let adviser: User;
  let officer: User;
  let employee: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    chromium = await launchChromium();
    server = await startServer(database.db);
    org = await makeOrganisation(database.db, 'Gemeente Axe');
    adviser = await makeUser(database.db, org, ['security_adviser'], 'Adviseur Bakker');
    officer = await makeUser(database.db, org, ['privacy_officer'], 'Functionaris Smit');
    employee = await makeUser(database.db, org, ['employee'], 'Medewerker Jong');
  });
  afterAll(async () => {
    await server?.close();
    await chromium?.close();
    await database?.close();
  });

  it('records a request through the form, and the list and the page pass axe', async () => {
    const page = await pageFor(chromium, server.baseUrl, adviser);
    await page.goto(`${server.baseUrl}/requests`);
    await expectAccessibleWithUniqueIds(page, 'requests list');
    await page.getByLabel(nl('requests.kind.erasure'), { exact: true }).check();
    await page.getByLabel(nl('requests.field.subject_user')).selectOption({ label: 'Medewerker Jong' });
    await navigating(page, () => page.getByRole('button', { name: nl('requests.create') }).click());
    expect(location(page)).toMatch(/^\/requests\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${nl('requests.kind.erasure')}: Medewerker Jong`);
    await expectAccessibleWithUniqueIds(page, 'erasure request');
  });

  it('an access export in review passes axe as the privacy officer sees it', async () => {
    const incidentId = await createIncident(database.db, { user: employee, organisation: org });
    const id = await withOrganisation(database.db, org.id, async (tx) => {
      const me = signedInAs(adviser, org);
      const p = await createPerpetrator(tx, me, newPerpetratorSchema.parse({ kind: 'person', name: 'Vera Verzoek', incidentId }));
      const requestId = await recordRequest(tx, me, {
        kind: 'access',
        subjectKind: 'perpetrator',
        subjectId: p,
        receivedOn: '2026-12-01',
        description: undefined,
      });
      await compileAccessExport(tx, me, requestId);
      return requestId;
    });
    const page = await pageFor(chromium, server.baseUrl, officer);
    await page.goto(`${server.baseUrl}/requests/${id}`);
    expect(await page.getByRole('heading', { name: nl('requests.review_omitted') }).isVisible()).toBe(true);
    await expectAccessibleWithUniqueIds(page, 'access request in review');
    await navigating(page, () => page.getByRole('button', { name: nl('requests.release') }).click());
    expect(await page.getByText('Vrijgegeven door Functionaris Smit').isVisible()).toBe(true);
    await expectAccessibleWithUniqueIds(page, 'released access request');
  });
});
