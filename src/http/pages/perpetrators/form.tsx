import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid, parse } from '../../../validation.js';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { PERPETRATOR_KINDS } from '../../../domain/incident/norm.js';
import { createPerpetrator, updatePerpetrator } from '../../../domain/perpetrator/manage-perpetrator.js';
import type { Perpetrator, PerpetratorMatch } from '../../../domain/perpetrator/perpetrator.js';
import { findDuplicates, getPerpetrator, incidentPrefill, type IncidentPrefill } from '../../../domain/perpetrator/perpetrator-queries.js';
import { newPerpetratorSchema, perpetratorSchema } from '../../../domain/perpetrator/perpetrator.schema.js';
import {
  Alert,
  Button,
  ButtonRow,
  ErrorSummary,
  Form,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  RadioGroup,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import { dayField } from '../../displayed.js';
import type { View } from '../../components/view.js';
import { redirect } from '../../context.js';
import { formText } from '../../forms.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { sendPage, viewOf } from '../../render.js';
import { identifierText, lines, PostButton, reasonText, RepeatBadge, requireRegister } from './parts.js';

/** The form's fields, in page order (the error summary follows it). */
const FIELDS = ['kind', 'name', 'aliases', 'dateOfBirth', 'address', 'emails', 'phones', 'socialAccounts', 'notes'] as const;
type Values = Partial<Record<(typeof FIELDS)[number] | 'incidentId', string>>;

function valuesOf(p: Perpetrator): Values {
  return {
    kind: p.kind,
    name: p.name,
    aliases: p.aliases.join('\n'),
    dateOfBirth: p.dateOfBirth ?? '',
    address: p.address ?? '',
    emails: p.emails.join('\n'),
    phones: p.phones.join('\n'),
    socialAccounts: p.socialAccounts.join('\n'),
    notes: p.notes ?? '',
  };
}

/** The form as the domain reads it: one value per line for the lists. */
function inputOf(values: Values) {
  return {
    kind: values.kind || undefined,
    name: values.name ?? '',
    aliases: lines(values.aliases ?? ''),
    dateOfBirth: (dayField(values.dateOfBirth) as string | undefined) || null,
    address: values.address ?? '',
    emails: lines(values.emails ?? ''),
    phones: lines(values.phones ?? ''),
    socialAccounts: lines(values.socialAccounts ?? ''),
    notes: values.notes ?? '',
  };
}

interface FormPageProps {
  view: View;
  title: string;
  action: string;
  values: Values;
  errors: FieldErrors;
  submit: string;
  prefill?: IncidentPrefill;
  duplicates?: PerpetratorMatch[];
}

function Duplicates({ view, duplicates, prefill }: { view: View; duplicates: PerpetratorMatch[]; prefill?: IncidentPrefill }) {
  const t = view.t;
  return (
    <Alert type="warning" labelledBy="duplicates-heading">
      <Heading level={2} id="duplicates-heading">
        {t('perpetrators.duplicates_title')}
      </Heading>
      <Paragraph>{t('perpetrators.duplicates_intro')}</Paragraph>
      <UnorderedList>
        {duplicates.map((d) => (
          <ListItem>
            <Link href={`/perpetrators/${d.perpetrator.id}`}>{d.perpetrator.name}</Link> — {reasonText(view, d.reasons, d.score)}{' '}
            <RepeatBadge view={view} count={d.perpetrator.incidentCount} />
            <br />
            {identifierText(view, d.perpetrator)}
            {prefill && (
              <div>
                <PostButton
                  view={view}
                  action={`/incidents/${prefill.incidentId}/perpetrators/link`}
                  name="perpetratorId"
                  value={d.perpetrator.id}
                  label={t('perpetrators.link_this', { name: d.perpetrator.name })}
                />
              </div>
            )}
          </ListItem>
        ))}
      </UnorderedList>
    </Alert>
  );
}

function FormPage({ view, title, action, values, errors, submit, prefill, duplicates }: FormPageProps) {
  const t = view.t;
  return (
    <Layout view={view} title={title}>
      <Paragraph>{t('perpetrators.confidential')}</Paragraph>
      {prefill && <Paragraph>{t('perpetrators.from_incident', { reference: incidentReference(prefill) })}</Paragraph>}
      <ErrorSummary view={view} errors={errors} order={FIELDS} />
      {duplicates && duplicates.length > 0 && <Duplicates view={view} duplicates={duplicates} prefill={prefill} />}
      <Form view={view} action={action}>
        {values.incidentId && <input type="hidden" name="incidentId" value={values.incidentId} />}
        <RadioGroup
          view={view}
          name="kind"
          legend={t('perpetrators.kind')}
          value={values.kind}
          errors={errors}
          options={PERPETRATOR_KINDS.map((k) => ({ value: k, label: t(`perpetrators.kind.${k}`) }))}
        />
        <TextField
          view={view}
          name="name"
          label={t('perpetrators.name')}
          hint={t('perpetrators.name_hint')}
          value={values.name}
          errors={errors}
        />
        <TextArea
          view={view}
          name="aliases"
          label={t('perpetrators.aliases')}
          hint={t('perpetrators.lines_hint')}
          value={values.aliases}
          errors={errors}
          rows={3}
        />
        <Input
          view={view}
          name="dateOfBirth"
          type="date"
          label={t('perpetrators.date_of_birth')}
          value={values.dateOfBirth}
          errors={errors}
        />
        <TextArea view={view} name="address" label={t('perpetrators.address')} value={values.address} errors={errors} rows={2} />
        <TextArea
          view={view}
          name="emails"
          label={t('perpetrators.emails')}
          hint={t('perpetrators.lines_hint')}
          value={values.emails}
          errors={errors}
          rows={2}
        />
        <TextArea
          view={view}
          name="phones"
          label={t('perpetrators.phones')}
          hint={t('perpetrators.lines_hint')}
          value={values.phones}
          errors={errors}
          rows={2}
        />
        <TextArea
          view={view}
          name="socialAccounts"
          label={t('perpetrators.accounts')}
          hint={t('perpetrators.accounts_hint')}
          value={values.socialAccounts}
          errors={errors}
          rows={2}
        />
        <TextArea
          view={view}
          name="notes"
          label={t('perpetrators.notes')}
          hint={t('perpetrators.notes_hint')}
          value={values.notes}
          errors={errors}
          rows={4}
        />
        <ButtonRow>
          {duplicates && duplicates.length > 0 ? (
            <Button variant="secondary" name="confirmNew" value="yes">
              {t('perpetrators.create_anyway')}
            </Button>
          ) : (
            <Button variant="primary">{submit}</Button>
          )}
        </ButtonRow>
      </Form>
    </Layout>
  );
}

/** The prefill from an incident, when the form was opened from one the person can see. */
async function prefillOf(tx: Tx, who: SignedIn, incidentId: string | undefined): Promise<IncidentPrefill | undefined> {
  return incidentId && isUuid(incidentId) ? incidentPrefill(tx, who, incidentId) : undefined;
}

/** The form's text fields, as typed; the record's own schema reads them (inputOf) in the command. */
const formFields = z.object(
  Object.fromEntries([...FIELDS, 'incidentId', 'confirmNew'].map((name) => [name, formText(100_000)])) as Record<
    (typeof FIELDS)[number] | 'incidentId' | 'confirmNew',
    ReturnType<typeof formText>
  >,
);

/** Errors for list items ("emails.1") belong to the list's field; one that names no field goes above the name. */
function formErrors(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) {
    const name = key.split('.')[0] ?? key;
    result[FIELDS.includes(name as (typeof FIELDS)[number]) ? name : 'name'] ??= message;
  }
  return result;
}

/** New record (optionally from an incident, prefilled from the report) and editing one. */
export function perpetratorFormRoutes(app: FastifyInstance, db: Db) {
  const newPage = async (
    tx: Tx,
    who: SignedIn,
    request: FastifyRequest,
    values: Values,
    props: Pick<FormPageProps, 'errors' | 'duplicates'>,
  ) => {
    const view = { ...viewOf(request), path: '/perpetrators/new' };
    const prefill = await prefillOf(tx, who, values.incidentId);
    return (
      <FormPage
        view={view}
        title={view.t('perpetrators.new_title')}
        action="/perpetrators/new"
        values={values}
        submit={view.t('perpetrators.create')}
        prefill={prefill}
        {...props}
      />
    );
  };

  pageRoute(app, db, {
    url: '/perpetrators/new',
    query: z.object({ incident: z.string().optional() }),
    handler: async ({ tx, who, request, query }) => {
      const prefill = await prefillOf(tx, requireRegister(who, 'perpetrator.manage'), query.incident);
      const values: Values = prefill
        ? {
            incidentId: prefill.incidentId,
            kind: prefill.kind ?? undefined,
            name: prefill.name ?? '',
            emails: prefill.clues.emails.join('\n'),
            phones: prefill.clues.phones.join('\n'),
            socialAccounts: prefill.clues.accounts.join('\n'),
          }
        : {};
      return newPage(tx, who, request, values, { errors: {} });
    },
  });

  formRoute(app, db, {
    url: '/perpetrators/new',
    form: formFields,
    command: async ({ tx, who, request, reply, form }) => {
      requireRegister(who, 'perpetrator.manage');
      const prefill = await prefillOf(tx, who, form.incidentId);
      const input = parse(newPerpetratorSchema, { ...inputOf(form), ...(prefill ? { incidentId: prefill.incidentId } : {}) });
      // First look whether the person is already in the register; only a second, deliberate press registers anew.
      if (form.confirmNew !== 'yes') {
        const duplicates = await findDuplicates(tx, who, input);
        if (duplicates.length > 0) return sendPage(reply, await newPage(tx, who, request, form, { errors: {}, duplicates }));
      }
      const id = await createPerpetrator(tx, who, input);
      return prefill
        ? `/incidents/${prefill.incidentId}/perpetrators?notice=perpetrators.linked`
        : `/perpetrators/${id}?notice=perpetrators.created`;
    },
    render: async ({ tx, who, request, errors, values }) => newPage(tx, who, request, values, { errors: formErrors(errors) }),
  });

  pageRoute(app, db, {
    url: '/perpetrators/:id/edit',
    params: idParams,
    handler: async ({ tx, who, request, reply, params }) => {
      const { perpetrator } = await getPerpetrator(tx, requireRegister(who, 'perpetrator.manage'), params.id);
      const view = viewOf(request);
      if (perpetrator.mergedInto) return redirect(reply, `/perpetrators/${perpetrator.id}?error=error.perpetrator_merged`);
      return (
        <FormPage
          view={view}
          title={view.t('perpetrators.edit_title', { name: perpetrator.name })}
          action={`/perpetrators/${perpetrator.id}/edit`}
          values={valuesOf(perpetrator)}
          errors={{}}
          submit={view.t('perpetrators.save')}
        />
      );
    },
  });

  formRoute(app, db, {
    url: '/perpetrators/:id/edit',
    params: idParams,
    form: formFields,
    command: async ({ tx, who, params, form }) => {
      await updatePerpetrator(tx, requireRegister(who, 'perpetrator.manage'), params.id, parse(perpetratorSchema, inputOf(form)));
      return `/perpetrators/${params.id}?notice=perpetrators.saved`;
    },
    render: async ({ request, params, errors, values }) => {
      const view = { ...viewOf(request), path: `/perpetrators/${params.id}/edit` };
      return (
        <FormPage
          view={view}
          title={view.t('perpetrators.edit_title', { name: values.name ?? '' })}
          action={`/perpetrators/${params.id}/edit`}
          values={values}
          errors={formErrors(errors)}
          submit={view.t('perpetrators.save')}
        />
      );
    },
  });
}
