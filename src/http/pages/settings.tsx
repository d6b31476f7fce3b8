import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { changeOrganisationSettings } from '../../domain/organisation/organisation-settings.js';
import { peoplePolicy } from '../../domain/user/user.policy.js';
import { Form, Layout, SubmitButton } from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formCheckbox } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const settingsForm = z.object({ mfaForEmployees: formCheckbox() });

function SettingsPage({ view, who }: { view: View; who: SignedIn }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('settings.title')}>
      <ul class="utrecht-unordered-list">
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/settings/routing">
            {t('routing.title')}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/settings/aftercare">
            {t('aftercare_settings.title')}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/settings/contacts">
            {t('contacts.title')}
          </a>
        </li>
        <li class="utrecht-unordered-list__item">
          <a class="utrecht-link" href="/settings/letters">
            {t('nav.letter_settings')}
          </a>
        </li>
      </ul>
      <h2 class="utrecht-heading-2">{t('account.second_factor')}</h2>
      <Form view={view} action="/settings">
        <div class="utrecht-form-field utrecht-form-field--checkbox">
          <div class="utrecht-form-field__input">
            <input
              class="utrecht-checkbox utrecht-checkbox--html-input"
              type="checkbox"
              id="field-mfaForEmployees"
              name="mfaForEmployees"
              value="on"
              checked={who.organisation.mfaForEmployees}
              aria-describedby="field-mfaForEmployees-hint"
            />
          </div>
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label utrecht-form-label--checkbox" for="field-mfaForEmployees">
              {t('settings.mfa_employees')}
            </label>
          </div>
          <div class="utrecht-form-field-description" id="field-mfaForEmployees-hint">
            {t('settings.mfa_employees_hint')}
          </div>
        </div>
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
