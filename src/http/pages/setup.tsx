import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { needsSetup, setUpInstallation } from '../../domain/organisation/create-organisation.js';
import { AppError, notFound } from '../../errors.js';
import { Layout } from '../components/layout.js';
import { ErrorSummary, Form, SubmitButton, TextField, type FieldErrors } from '../components/form.js';
import type { View } from '../components/view.js';
import { field, redirect } from '../context.js';
import { sendPage, viewOf } from '../render.js';

function SetupPage({ view, values, errors }: { view: View; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('setup.title')}>
      <p class="utrecht-paragraph">{t('setup.intro')}</p>
      <ErrorSummary view={view} errors={errors} order={['orgName', 'slug', 'name', 'email', 'password']} />
      <Form view={view} action="/setup">
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('setup.organisation')}</legend>
          <TextField view={view} name="orgName" label={t('setup.org_name')} hint={t('setup.org_name_hint')} value={values.orgName} errors={errors} required autocomplete="organization" />
          <TextField view={view} name="slug" label={t('setup.slug')} hint={t('setup.slug_hint')} value={values.slug} errors={errors} required />
        </fieldset>
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('setup.admin')}</legend>
          <TextField view={view} name="name" label={t('field.name')} value={values.name} errors={errors} required autocomplete="name" />
          <TextField view={view} name="email" type="email" label={t('field.email')} value={values.email} errors={errors} required autocomplete="username" />
          <TextField view={view} name="password" type="password" label={t('field.password')} hint={t('field.password_hint')} errors={errors} required autocomplete="new-password" />
        </fieldset>
        <SubmitButton>{t('setup.submit')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** Maps the use case's field names back to this form's. */
const FORM_FIELD: Record<string, string> = {
  'organisation.name': 'orgName', 'organisation.slug': 'slug', slug: 'slug',
  'admin.name': 'name', 'admin.email': 'email', email: 'email', 'admin.password': 'password',
};

export function setupRoutes(app: FastifyInstance, db: Db) {
  app.get('/setup', async (request, reply) => {
    if (!(await needsSetup(db))) throw notFound();
    return sendPage(reply, <SetupPage view={viewOf(request)} values={{}} errors={{}} />);
  });

  app.post('/setup', async (request, reply) => {
    if (!(await needsSetup(db))) throw notFound();
    const values = {
      orgName: field(request.body, 'orgName'), slug: field(request.body, 'slug'),
      name: field(request.body, 'name'), email: field(request.body, 'email'),
    };
    try {
      await setUpInstallation(
        db,
        { organisation: { name: values.orgName, slug: values.slug }, admin: { name: values.name, email: values.email, password: field(request.body, 'password'), roles: ['admin'] } },
        request.ip,
      );
    } catch (error) {
      if (!(error instanceof AppError) || Object.keys(error.fields).length === 0) throw error;
      const errors: FieldErrors = {};
      for (const [key, message] of Object.entries(error.fields)) errors[FORM_FIELD[key] ?? key] = message;
      return sendPage(reply, <SetupPage view={viewOf(request)} values={values} errors={errors} />, error.status);
    }
    return redirect(reply, '/sign-in?notice=setup.done');
  });
}
