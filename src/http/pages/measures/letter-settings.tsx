import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { PLACEHOLDERS, templateSchema, type LetterTemplate } from '../../../domain/measure/letter-template.js';
import { getLetterTemplates, resetLetterTemplate, saveLetterTemplate } from '../../../domain/measure/letters.js';
import { LETTER_KINDS } from '../../../domain/measure/measure.js';
import { notFound } from '../../../errors.js';
import { parse } from '../../../validation.js';
import {
  Button,
  ButtonRow,
  Code,
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Paragraph,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formText } from '../../forms.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

/** Administrators edit the letters (subject and body with placeholders) the handlers produce. */
function LetterSettingsPage({
  view,
  templates,
  errors,
  values,
}: {
  view: View;
  templates: LetterTemplate[];
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={t('letter_settings.title')}>
      <Paragraph>{t('letter_settings.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Heading level={2}>{t('letter_settings.placeholders')}</Heading>
      <Paragraph>{t('letter_settings.placeholders_intro')}</Paragraph>
      <DataList>
        {PLACEHOLDERS.map((p) => (
          <DataRow label={<Code>{`{${p}}`}</Code>}>{t(`letter_settings.placeholder.${p}`)}</DataRow>
        ))}
      </DataList>
      {templates.map((template) => (
        <section aria-labelledby={`template-${template.kind}`}>
          <Heading level={2} id={`template-${template.kind}`}>
            {t(`measure.letter_kind.${template.kind}`)}
          </Heading>
          <Paragraph>{t(template.customised ? 'letter_settings.customised' : 'letter_settings.default')}</Paragraph>
          <Form view={view} action="/settings/letters">
            <input type="hidden" name="kind" value={template.kind} />
            <TextField
              view={view}
              name={`subject-${template.kind}`}
              label={t('letter_settings.subject')}
              value={values[`subject-${template.kind}`] ?? template.subject}
              errors={errors}
              required
            />
            <TextArea
              view={view}
              name={`body-${template.kind}`}
              label={t('letter_settings.body')}
              hint={t('letter_settings.body_hint')}
              value={values[`body-${template.kind}`] ?? template.body}
              errors={errors}
              rows={20}
              required
            />
            <ButtonRow>
              <Button variant="primary">{t('letter_settings.save')}</Button>
            </ButtonRow>
          </Form>
          {template.customised && (
            <Form view={view} action="/settings/letters/reset">
              <input type="hidden" name="kind" value={template.kind} />
              <Button variant="secondary">{t('letter_settings.reset')}</Button>
            </Form>
          )}
        </section>
      ))}
    </Layout>
  );
}

const kindField = z.object({ kind: formText(50) }).loose();

export function letterSettingsRoutes(app: FastifyInstance, db: Db) {
  const page = async (tx: Tx, who: SignedIn, view: View, errors: FieldErrors = {}, values: Record<string, string> = {}) => (
    <LetterSettingsPage
      view={{ ...view, path: '/settings/letters' }}
      templates={await getLetterTemplates(tx, who)}
      errors={errors}
      values={values}
    />
  );

  pageRoute(app, db, {
    url: '/settings/letters',
    query: z.object({ saved: z.string().optional() }),
    handler: async ({ tx, who, view, query }) =>
      page(tx, who, { ...view, notice: query.saved === '1' ? view.t('letter_settings.saved') : view.notice }),
  });

  formRoute(app, db, {
    url: '/settings/letters',
    form: kindField,
    command: async ({ tx, who, form }) => {
      const kind = form.kind;
      if (!(LETTER_KINDS as readonly string[]).includes(kind)) throw notFound();
      const text = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
      await saveLetterTemplate(tx, who, parse(templateSchema, { kind, subject: text(`subject-${kind}`), body: text(`body-${kind}`) }));
      return '/settings/letters?saved=1';
    },
    // Each template has its own form: the messages belong to the fields of the one sent.
    render: async ({ tx, who, view, errors, values }) =>
      page(tx, who, view, Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${values.kind ?? ''}`, v])), values),
  });

  formRoute(app, db, {
    url: '/settings/letters/reset',
    form: kindField,
    command: async ({ tx, who, form }) => {
      await resetLetterTemplate(tx, who, form.kind);
      return '/settings/letters?saved=1';
    },
    render: async ({ tx, who, view, errors }) => page(tx, who, view, errors),
  });
}
