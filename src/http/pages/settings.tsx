import type { FastifyInstance } from 'fastify';
import { withOrganisation, type Db } from '../../db/database.js';
import { audit } from '../../domain/audit/audit.js';
import { updateOrganisationSettings } from '../../domain/organisation/organisation.repository.js';
import { Form, SubmitButton } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { actorOf, field, redirect, requirePeopleAbility } from '../context.js';
import { sendPage, viewOf } from '../render.js';

export function settingsRoutes(app: FastifyInstance, db: Db) {
  app.get('/settings', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const view = viewOf(request);
    const t = view.t;
    return sendPage(
      reply,
      <Layout view={view} title={t('settings.title')}>
        <ul class="utrecht-unordered-list">
          <li class="utrecht-unordered-list__item"><a class="utrecht-link" href="/settings/routing">{t('routing.title')}</a></li>
          <li class="utrecht-unordered-list__item"><a class="utrecht-link" href="/settings/aftercare">{t('aftercare_settings.title')}</a></li>
          <li class="utrecht-unordered-list__item"><a class="utrecht-link" href="/settings/contacts">{t('contacts.title')}</a></li>
          <li class="utrecht-unordered-list__item"><a class="utrecht-link" href="/settings/letters">{t('nav.letter_settings')}</a></li>
        </ul>
        <h2 class="utrecht-heading-2">{t('account.second_factor')}</h2>
        <Form view={view} action="/settings">
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="field-mfaForEmployees" name="mfaForEmployees"
                value="on" checked={who.organisation.mfaForEmployees} aria-describedby="field-mfaForEmployees-hint" />
            </div>
            <div class="utrecht-form-field__label">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for="field-mfaForEmployees">{t('settings.mfa_employees')}</label>
            </div>
            <div class="utrecht-form-field-description" id="field-mfaForEmployees-hint">{t('settings.mfa_employees_hint')}</div>
          </div>
          <SubmitButton>{t('people.save')}</SubmitButton>
        </Form>
      </Layout>,
    );
  });

  app.post('/settings', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const mfaForEmployees = field(request.body, 'mfaForEmployees') === 'on';
    await withOrganisation(db, who.organisation.id, async (tx) => {
      await updateOrganisationSettings(tx, { mfaForEmployees });
      await audit(tx, actorOf(who), { action: 'organisation.settings', objectType: 'organisation', objectId: who.organisation.id });
    });
    return redirect(reply, '/settings?notice=settings.saved');
  });
}
