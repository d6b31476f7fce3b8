import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { changeOrganisationSettings } from '../../domain/organisation/organisation-settings.js';
import { peoplePolicy } from '../../domain/user/user.policy.js';
import { Checkbox, Form, Heading, Layout, Link, ListItem, SubmitButton, UnorderedList } from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formCheckbox } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const settingsForm = z.object({ mfaForEmployees: formCheckbox() });

function SettingsPage({ view, who }: { view: View; who: SignedIn }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('settings.title')}>
      <UnorderedList>
        <ListItem>
          <Link href="/settings/routing">{t('routing.title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/aftercare">{t('aftercare_settings.title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/contacts">{t('contacts.title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/letters">{t('nav.letter_settings')}</Link>
        </ListItem>
      </UnorderedList>
      <Heading level={2}>{t('account.second_factor')}</Heading>
      <Form view={view} action="/settings">
        <Checkbox
          name="mfaForEmployees"
          label={t('settings.mfa_employees')}
          checked={who.organisation.mfaForEmployees}
          hint={t('settings.mfa_employees_hint')}
        />
        <SubmitButton>{t('people.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function settingsRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/settings',
    handler: async ({ who, view }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SettingsPage view={view} who={who} />;
    },
  });

  formRoute(app, db, {
    url: '/settings',
    form: settingsForm,
    command: async ({ tx, who, form }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      await changeOrganisationSettings(tx, actorOf(who), form);
      return '/settings?notice=settings.saved';
    },
    render: async ({ who, view }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SettingsPage view={view} who={who} />;
    },
  });
}
