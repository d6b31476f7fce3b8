import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { suppressionThreshold } from '../../domain/insight/council-report.js';
import { MAX_THRESHOLD, MIN_THRESHOLD } from '../../domain/insight/suppression.js';
import { changeOrganisationSettings } from '../../domain/organisation/organisation-settings.js';
import { peoplePolicy } from '../../domain/user/user.policy.js';
import {
  Checkbox,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  SubmitButton,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formCheckbox, formInteger } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const settingsForm = z.object({
  mfaForEmployees: formCheckbox(),
  // Left out (a client that knows only the second-factor setting): the threshold stays as it is.
  suppressionThreshold: formInteger('error.threshold_invalid', MIN_THRESHOLD, MAX_THRESHOLD).optional(),
});

function SettingsPage({
  view,
  who,
  threshold,
  errors = {},
  values,
}: {
  view: View;
  who: SignedIn;
  threshold: number;
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
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
        <ListItem>
          <Link href="/settings/benchmark">{t('benchmark.settings_title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/quick-card">{t('quickcard.settings_title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/retention">{t('retention.title')}</Link>
        </ListItem>
        <ListItem>
          <Link href="/settings/sso">{t('sso.settings_title')}</Link>
        </ListItem>
      </UnorderedList>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings">
        <Heading level={2}>{t('account.second_factor')}</Heading>
        <Checkbox
          name="mfaForEmployees"
          label={t('settings.mfa_employees')}
          checked={values ? values.mfaForEmployees !== undefined : who.organisation.mfaForEmployees}
          hint={t('settings.mfa_employees_hint')}
        />
        <Heading level={2}>{t('settings.suppression')}</Heading>
        <TextField
          view={view}
          name="suppressionThreshold"
          label={t('settings.suppression_threshold')}
          hint={t('settings.suppression_hint')}
          value={values?.suppressionThreshold ?? String(threshold)}
          inputMode="numeric"
          errors={errors}
        />
        <SubmitButton>{t('people.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function settingsRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/settings',
    handler: async ({ tx, who, view }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SettingsPage view={view} who={who} threshold={await suppressionThreshold(tx)} />;
    },
  });

  formRoute(app, db, {
    url: '/settings',
    form: settingsForm,
    command: async ({ tx, who, form }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      await changeOrganisationSettings(tx, actorOf(who), {
        mfaForEmployees: form.mfaForEmployees,
        suppressionThreshold: form.suppressionThreshold ?? (await suppressionThreshold(tx)),
      });
      return '/settings?notice=settings.saved';
    },
    render: async ({ tx, who, view, errors, values }) => {
      requireRole(peoplePolicy, who, 'organisation.settings');
      return <SettingsPage view={view} who={who} threshold={await suppressionThreshold(tx)} errors={errors} values={values} />;
    },
  });
}
