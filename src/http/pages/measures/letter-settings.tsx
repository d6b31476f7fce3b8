import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { PLACEHOLDERS, type LetterTemplate } from '../../../domain/measure/letter-template.js';
import { getLetterTemplates, resetLetterTemplate, saveLetterTemplate } from '../../../domain/measure/letters.js';
import { LETTER_KINDS } from '../../../domain/measure/measure.js';
import { AppError } from '../../../errors.js';
import { TextArea } from '../../components/fields.js';
import { ErrorSummary, Form, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect, requirePeopleAbility } from '../../context.js';
import { sendPage, viewOf } from '../../render.js';

/** Administrators edit the letters (subject and body with placeholders) the handlers produce. */
function LetterSettingsPage({ view, templates, errors, values }: { view: View; templates: LetterTemplate[]; errors: FieldErrors; values: Record<string, string> }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('letter_settings.title')}>
      <p class="utrecht-paragraph">{t('letter_settings.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <h2 class="utrecht-heading-2">{t('letter_settings.placeholders')}</h2>
      <p class="utrecht-paragraph">{t('letter_settings.placeholders_intro')}</p>
      <dl class="utrecht-data-list">
        {PLACEHOLDERS.map((p) => (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key"><code class="utrecht-code">{`{${p}}`}</code></dt>
            <dd class="utrecht-data-list__item-value">{t(`letter_settings.placeholder.${p}`)}</dd>
          </div>
        ))}
      </dl>
      {templates.map((template) => (
        <section aria-labelledby={`template-${template.kind}`}>
          <h2 class="utrecht-heading-2" id={`template-${template.kind}`}>{t(`measure.letter_kind.${template.kind}`)}</h2>
          <p class="utrecht-paragraph">{t(template.customised ? 'letter_settings.customised' : 'letter_settings.default')}</p>
          <Form view={view} action="/settings/letters">
            <input type="hidden" name="kind" value={template.kind} />
            <TextField view={view} name={`subject-${template.kind}`} label={t('letter_settings.subject')} value={values[`subject-${template.kind}`] ?? template.subject} errors={errors} required />
            <TextArea view={view} name={`body-${template.kind}`} label={t('letter_settings.body')} hint={t('letter_settings.body_hint')}
              value={values[`body-${template.kind}`] ?? template.body} errors={errors} rows={20} required />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('letter_settings.save')}</button></div>
          </Form>
          {template.customised && (
            <Form view={view} action="/settings/letters/reset">
              <input type="hidden" name="kind" value={template.kind} />
              <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('letter_settings.reset')}</button>
            </Form>
          )}
        </section>
      ))}
    </Layout>
  );
}

export function letterSettingsRoutes(app: FastifyInstance, db: Db) {
  const page = (view: View, templates: LetterTemplate[], errors: FieldErrors = {}, values: Record<string, string> = {}) =>
    <LetterSettingsPage view={view} templates={templates} errors={errors} values={values} />;

  app.get('/settings/letters', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const base = viewOf(request);
    const saved = (request.query as Record<string, unknown> | undefined)?.saved === '1';
    return sendPage(reply, page({ ...base, notice: saved ? base.t('letter_settings.saved') : base.notice }, await getLetterTemplates(db, who)));
  });

  app.post('/settings/letters', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const kind = field(request.body, 'kind');
    const values = { [`subject-${kind}`]: field(request.body, `subject-${kind}`), [`body-${kind}`]: field(request.body, `body-${kind}`) };
    try {
      if (!(LETTER_KINDS as readonly string[]).includes(kind)) throw new AppError(404, 'not_found', 'error.not_found');
      await saveLetterTemplate(db, who, { kind, subject: values[`subject-${kind}`], body: values[`body-${kind}`] });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`${k}-${kind}`, v]));
      return sendPage(reply, page({ ...viewOf(request), path: '/settings/letters' }, await getLetterTemplates(db, who), errors, values), 400);
    }
    return redirect(reply, '/settings/letters?saved=1');
  });

  app.post('/settings/letters/reset', async (request, reply) => {
    await resetLetterTemplate(db, requirePeopleAbility(request, 'organisation.settings'), field(request.body, 'kind'));
    return redirect(reply, '/settings/letters?saved=1');
  });
}
