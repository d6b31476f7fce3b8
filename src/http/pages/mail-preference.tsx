import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { changeMailPreference, MAIL_MODES, mailPreferenceOf, mailPreferenceSchema } from '../../domain/notification/mail-preference.js';
import { ErrorSummary, Form, Layout, Paragraph, RadioGroup, SubmitButton, type FieldErrors } from '../components/index.js';
import type { View } from '../components/view.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

/** /account/mail: a mail per notification, or one digest a day (issue 10 §1). Mails never carry details either way. */
function MailPreferencePage({ view, mode, errors }: { view: View; mode: string | undefined; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('mail.title')}>
      <Paragraph>{t('mail.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/account/mail">
        <RadioGroup
          view={view}
          name="mode"
          legend={t('mail.legend')}
          value={mode}
          errors={errors}
          options={MAIL_MODES.map((m) => ({ value: m, label: t(`mail.mode.${m}`) }))}
        />
        <SubmitButton>{t('mail.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

export function mailPreferenceRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/account/mail',
    handler: async ({ tx, who, view }) => <MailPreferencePage view={view} mode={await mailPreferenceOf(tx, who)} errors={{}} />,
  });
  formRoute(app, db, {
    url: '/account/mail',
    form: mailPreferenceSchema,
    command: async ({ tx, who, form }) => {
      await changeMailPreference(tx, who, form.mode);
      return '/account/mail?notice=settings.saved';
    },
    render: async ({ view, values, errors }) => <MailPreferencePage view={view} mode={values.mode} errors={errors} />,
  });
}
