import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { needsSetup, setUpInstallation } from '../../domain/organisation/create-organisation.js';
import { emailSchema, nameSchema, organisationSchema, passwordSchema, slugSchema } from '../../domain/user/user.schema.js';
import { notFound } from '../../errors.js';
import { ErrorSummary, Form, Layout, Paragraph, SubmitButton, TextField, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { formText } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const FIELDS = ['orgName', 'slug', 'name', 'email', 'password'] as const;

/** Both parts at once, so the form names every mistake in one go. */
const setupForm = z.object({
  orgName: formText().pipe(organisationSchema.shape.name),
  slug: formText().pipe(slugSchema),
  name: formText().pipe(nameSchema),
  email: formText().pipe(emailSchema),
  // A password is taken as typed: no trimming.
  password: z.preprocess((v) => (Array.isArray(v) ? v[0] : v) ?? '', passwordSchema),
});

function SetupPage({ view, values, errors }: { view: View; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('setup.title')}>
      <Paragraph>{t('setup.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} order={FIELDS} />
      <Form view={view} action="/setup">
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('setup.organisation')}</legend>
          <TextField
            view={view}
            name="orgName"
            label={t('setup.org_name')}
            hint={t('setup.org_name_hint')}
            value={values.orgName}
            errors={errors}
            required
            autocomplete="organization"
          />
          <TextField
            view={view}
            name="slug"
            label={t('setup.slug')}
            hint={t('setup.slug_hint')}
            value={values.slug}
            errors={errors}
            required
          />
        </fieldset>
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('setup.admin')}</legend>
          <TextField view={view} name="name" label={t('field.name')} value={values.name} errors={errors} required autocomplete="name" />
          <TextField
            view={view}
            name="email"
            type="email"
            label={t('field.email')}
            value={values.email}
            errors={errors}
            required
            autocomplete="username"
          />
          <TextField
            view={view}
            name="password"
            type="password"
            label={t('field.password')}
            hint={t('field.password_hint')}
            errors={errors}
            required
            autocomplete="new-password"
          />
        </fieldset>
        <SubmitButton>{t('setup.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** Once an organisation exists, the setup page is gone. */
async function requireSetupOpen(tx: Tx): Promise<void> {
  if (!(await needsSetup(tx))) throw notFound();
}

export function setupRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/setup',
    audience: 'public',
    handler: async ({ tx, view }) => {
      await requireSetupOpen(tx);
      return <SetupPage view={view} values={{}} errors={{}} />;
    },
  });

  formRoute(app, db, {
    url: '/setup',
    audience: 'public',
    form: setupForm,
    command: async ({ tx, form, request }) => {
      await requireSetupOpen(tx);
      await setUpInstallation(
        tx,
        {
          organisation: { name: form.orgName, slug: form.slug },
          admin: { name: form.name, email: form.email, password: form.password },
        },
        request.ip,
      );
      return '/sign-in?notice=setup.done';
    },
    generalField: 'orgName',
    render: async ({ tx, view, values, errors }) => {
      await requireSetupOpen(tx);
      return <SetupPage view={view} values={values} errors={errors} />;
    },
  });
}
