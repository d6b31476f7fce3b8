import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { getAftercare, type AftercareConversation, type AftercarePlan } from '../../../domain/aftercare/aftercare-queries.js';
import { aftercarePolicy, type AftercareAbility } from '../../../domain/aftercare/aftercare.policy.js';
import { listContacts, type Contact } from '../../../domain/aftercare/contacts.js';
import {
  holdConversation,
  offerConversation,
  planConversation,
  referFromConversation,
  respondToConversation,
} from '../../../domain/aftercare/conversation.js';
import { requireOne } from '../../../domain/access/access.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { findIncident } from '../../../domain/incident/incident.repository.js';
import { notFound } from '../../../errors.js';
import {
  Button,
  Checkbox,
  DataList,
  DataRow,
  Disclosure,
  ErrorSummary,
  Form,
  Heading,
  Input,
  Layout,
  Link,
  ListItem,
  Paragraph,
  Select,
  SubmitButton,
  TextArea,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formCheckbox, formId, formOptional, formText, withMoment } from '../../forms.js';
import { formatDateTime } from '../../i18n/index.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';
import { amsterdamParts } from '../../../time/amsterdam.js';
import { ContactList } from './help.js';
import { dueText, OverdueBadge } from './tasks.js';

interface PageData {
  incidentId: string;
  reference: string;
  plans: AftercarePlan[];
  contacts: Contact[];
}

/** What the person typed into one conversation's form, under the form's plain field names. */
interface HoldValues {
  conversation?: string;
  heldDate?: string;
  heldTime?: string;
  notes?: string;
  stalled?: string;
  referral?: string;
  planDate?: string;
  planTime?: string;
}

function ActionButton({
  view,
  action,
  label,
  name,
  value,
  back,
}: {
  view: View;
  action: string;
  label: string;
  name?: string;
  value?: string;
  back: string;
}) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      <input type="hidden" name="back" value={back} />
      <Button variant="secondary" name={name} value={value}>
        {label}
      </Button>
    </form>
  );
}

const prefixOf = (c: Pick<AftercareConversation, 'number' | 'id'>) => `c${c.number}-${c.id.slice(0, 8)}`;

/** Field errors under this conversation's own (numbered) field names. */
function numbered(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [['heldDate', 'notes', 'referral', 'planDate'].includes(k) ? `${k}-${prefix}` : k, v]),
  );
}

function ConversationBlock({
  view,
  c,
  data,
  affectedName,
  errors,
  values,
}: {
  view: View;
  c: AftercareConversation;
  data: PageData;
  affectedName: string;
  errors: FieldErrors;
  values: HoldValues;
}) {
  const t = view.t;
  const back = `/incidents/${data.incidentId}/aftercare`;
  const may = (ability: AftercareAbility) => c.abilities.includes(ability);
  const now = amsterdamParts(new Date());
  const mine = values.conversation === c.id;
  const prefix = prefixOf(c);
  const errs = mine ? numbered(errors, prefix) : {};
  const open = c.deadlineId && c.deadlineState !== 'done' && c.deadlineState !== 'cancelled';
  const caregiver = may('offer');
  const mayOffer = caregiver && (c.state === 'planned' || c.state === 'declined');
  const answering = may('respond') && c.state === 'offered';
  return (
    <section class="wb-conversation" aria-labelledby={`${prefix}-heading`}>
      <Heading level={3} id={`${prefix}-heading`}>
        {t('aftercare.conversation', { number: String(c.number) })} — {t(`aftercare.state.${c.state}`)}
      </Heading>
      <DataList>
        <DataRow label={t('deadline.due')}>
          {c.dueAt ? dueText(view, { dueAt: c.dueAt, notBefore: c.notBefore }) : '—'}{' '}
          {c.deadlineState === 'overdue' && c.dueAt ? (
            <OverdueBadge view={view} dueAt={c.dueAt} />
          ) : (
            c.deadlineState && `(${t(`deadline.state.${c.deadlineState}`)})`
          )}
        </DataRow>
        <DataRow label={t('aftercare.caregivers')}>{c.caregivers.map((p) => p.name).join(', ')}</DataRow>
        {c.offeredAt && c.state !== 'planned' && (
          <DataRow label={t('aftercare.offered_on')}>{formatDateTime(c.offeredAt, view.lang)}</DataRow>
        )}
        {c.plannedAt && c.state !== 'held' && c.state !== 'declined' && (
          <DataRow label={t('aftercare.planned_at')}>{formatDateTime(c.plannedAt, view.lang)}</DataRow>
        )}
        {c.heldAt && (
          <DataRow label={t('aftercare.state.held')}>
            {t('aftercare.held_on', { when: formatDateTime(c.heldAt, view.lang), name: c.heldBy?.name ?? '?' })}
          </DataRow>
        )}
        {c.notes && (
          <DataRow label={t('aftercare.notes')} keepLineBreaks>
            {c.notes}
          </DataRow>
        )}
        {c.stalledRecovery && <DataRow label={t('aftercare.private')}>{t('aftercare.stalled')}</DataRow>}
      </DataList>
      {caregiver && c.state === 'offered' && <Paragraph>{t('aftercare.waiting', { name: affectedName })}</Paragraph>}
      {c.state !== 'held' && (mayOffer || answering) && (
        <div class="wb-button-row">
          {/* Offered once is enough: the offer comes back only after a decline. */}
          {mayOffer && (
            <ActionButton
              view={view}
              action={`/aftercare/${c.id}/offer`}
              label={t(c.state === 'declined' ? 'aftercare.offer_again' : 'aftercare.offer')}
              back={back}
            />
          )}
          {/* The answer, once offered: the person's own, or a caregiver recording it. */}
          {answering && (
            <>
              <ActionButton
                view={view}
                action={`/aftercare/${c.id}/respond`}
                name="answer"
                value="accept"
                label={t(caregiver ? 'aftercare.record_accept' : 'aftercare.accept')}
                back={back}
              />
              <ActionButton
                view={view}
                action={`/aftercare/${c.id}/respond`}
                name="answer"
                value="decline"
                label={t(caregiver ? 'aftercare.record_decline' : 'aftercare.decline')}
                back={back}
              />
            </>
          )}
        </div>
      )}
      {caregiver && (c.state === 'offered' || c.state === 'accepted') && (
        <Disclosure summary={t(c.plannedAt ? 'aftercare.plan_again' : 'aftercare.plan')} open={mine && Boolean(errs[`planDate-${prefix}`])}>
          <Form view={view} action={`/aftercare/${c.id}/plan`}>
            <input type="hidden" name="back" value={back} />
            <div class="wb-field-row">
              <Input
                view={view}
                name={`planDate-${prefix}`}
                type="date"
                label={t('aftercare.plan_date')}
                value={mine ? values.planDate : c.plannedAt ? amsterdamParts(c.plannedAt).date : ''}
                errors={errs}
              />
              <Input
                view={view}
                name={`planTime-${prefix}`}
                type="time"
                label={t('aftercare.plan_time')}
                value={mine ? values.planTime : c.plannedAt ? amsterdamParts(c.plannedAt).time : ''}
                errors={{}}
              />
            </div>
            <SubmitButton>{t(c.plannedAt ? 'aftercare.plan_again' : 'aftercare.plan')}</SubmitButton>
          </Form>
        </Disclosure>
      )}
      {may('hold') && c.state !== 'held' && (
        <Disclosure summary={t('aftercare.hold')} open={mine}>
          <Form view={view} action={`/aftercare/${c.id}/hold`}>
            <input type="hidden" name="back" value={back} />
            <div class="wb-field-row">
              <Input
                view={view}
                name={`heldDate-${prefix}`}
                type="date"
                label={t('aftercare.held_date')}
                value={mine ? values.heldDate : now.date}
                errors={errs}
              />
              <Input
                view={view}
                name={`heldTime-${prefix}`}
                type="time"
                label={t('aftercare.held_time')}
                value={mine ? values.heldTime : now.time}
                errors={{}}
              />
            </div>
            <TextArea
              view={view}
              name={`notes-${prefix}`}
              label={t('aftercare.notes')}
              hint={t('aftercare.notes_hint')}
              value={mine ? values.notes : ''}
              errors={errs}
              rows={4}
            />
            {c.number === 3 && (
              <Checkbox name={`stalled-${prefix}`} label={t('aftercare.stalled')} checked={mine && values.stalled === 'on'} />
            )}
            <Select
              view={view}
              name={`referral-${prefix}`}
              label={t('aftercare.refer_to')}
              value={mine ? values.referral : ''}
              errors={errs}
              options={[{ value: '', label: t('aftercare.refer_none') }, ...data.contacts.map((k) => ({ value: k.id, label: k.name }))]}
            />
            <SubmitButton>{t('aftercare.hold')}</SubmitButton>
          </Form>
        </Disclosure>
      )}
      {/* The caregivers own the conversation's deadline, so they may cancel it (deadline policy). */}
      {may('hold') && open && (
        <Disclosure summary={t('deadline.cancel')}>
          <Form view={view} action={`/deadlines/${c.deadlineId}/cancel`}>
            <input type="hidden" name="back" value={back} />
            <TextArea view={view} name={`reason-${prefix}`} label={t('deadline.cancel_reason')} errors={{}} rows={2} />
            <div class="wb-actions">
              <Button variant="secondary">{t('deadline.cancel')}</Button>
            </div>
          </Form>
        </Disclosure>
      )}
    </section>
  );
}

function AftercarePage({ view, data, errors, values }: { view: View; data: PageData; errors: FieldErrors; values: HoldValues }) {
  const t = view.t;
  const c = values.conversation ? data.plans.flatMap((p) => p.conversations).find((x) => x.id === values.conversation) : undefined;
  const summary = c ? numbered(errors, prefixOf(c)) : errors;
  return (
    <Layout view={view} title={t('aftercare.title', { reference: data.reference })}>
      <Paragraph>{t('aftercare.intro')}</Paragraph>
      <Paragraph>
        <Link href={`/incidents/${data.incidentId}`}>{t('incident.title', { reference: data.reference })}</Link>
      </Paragraph>
      <ErrorSummary view={view} errors={summary} />
      {data.plans.length === 0 && <Paragraph>{t('aftercare.none')}</Paragraph>}
      {data.plans.map((plan) => (
        <section aria-labelledby={`plan-${plan.affected.id}`}>
          <Heading level={2} id={`plan-${plan.affected.id}`}>
            {t('aftercare.for', { name: plan.affected.name })}
          </Heading>
          {plan.conversations.map((conv) => (
            <ConversationBlock view={view} c={conv} data={data} affectedName={plan.affected.name} errors={errors} values={values} />
          ))}
          {plan.referrals && plan.referrals.length > 0 && (
            <>
              <Heading level={3}>{t('aftercare.referrals')}</Heading>
              <UnorderedList>
                {plan.referrals.map((r) => (
                  <ListItem>
                    {r.contactName}
                    {r.note ? ` — ${r.note}` : ''} ({r.createdBy.name}, {formatDateTime(r.createdAt, view.lang)})
                  </ListItem>
                ))}
              </UnorderedList>
            </>
          )}
        </section>
      ))}
      <Heading level={2}>{t('help.title')}</Heading>
      <Paragraph>{t('help.intro')}</Paragraph>
      <ContactList view={view} contacts={data.contacts} />
    </Layout>
  );
}

async function load(tx: Tx, who: SignedIn, incidentId: string): Promise<PageData> {
  // getAftercare answers 404 unless the person sees the incident.
  const plans = await getAftercare(tx, who, incidentId);
  const [incident, contacts] = await Promise.all([findIncident(tx, incidentId), listContacts(tx, who)]);
  if (!incident) throw notFound();
  return { incidentId, reference: incidentReference(incident), plans, contacts };
}

/** Back to the plan the form was on (only that kind of address), otherwise to the tasks. */
function backTo(back: string): string {
  return `${/^\/incidents\/[0-9a-f-]{36}\/aftercare$/.test(back) ? back : '/tasks'}?notice=aftercare.saved`;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The fields of a conversation's form carry a per-conversation suffix (notes-c1-…) so several forms share one page. */
function unnumbered(body: unknown): Record<string, unknown> {
  const fields = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { back: first(fields.back) };
  for (const name of ['heldDate', 'heldTime', 'notes', 'stalled', 'referral', 'planDate', 'planTime']) {
    const key = Object.keys(fields).find((k) => k.startsWith(`${name}-`));
    if (key) out[name] = first(fields[key]);
  }
  return out;
}

/** A contact chosen from the list, or none. */
const optionalContact = z.preprocess((v) => first(v) || undefined, z.uuid({ error: 'error.contact_unknown' }).optional());

const holdForm = z.preprocess(
  unnumbered,
  withMoment(
    z.object({
      back: formText(),
      heldDate: formText(),
      heldTime: formText(),
      notes: formText(20_000),
      stalled: formCheckbox(),
      referral: optionalContact,
    }),
    'heldAt',
    'heldDate',
    'heldTime',
    'error.occurred_at_invalid',
  ),
);

const planForm = z.preprocess(
  unnumbered,
  withMoment(
    z.object({ back: formText(), planDate: formText(), planTime: formText() }),
    'plannedAt',
    'planDate',
    'planTime',
    'error.planned_at_invalid',
  ),
);

const backForm = z.object({ back: formText() });
const respondForm = z.object({
  back: formText(),
  answer: z.preprocess((v) => (first(v) === 'accept' ? 'accept' : 'decline'), z.enum(['accept', 'decline'])),
});
const referForm = z.object({ back: formText(), contactId: formId('error.contact_unknown'), note: formOptional(2000) });

export function aftercarePageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/incidents/:id/aftercare',
    params: idParams,
    handler: async ({ tx, who, view, params }) => (
      <AftercarePage view={view} data={await load(tx, who, params.id)} errors={{}} values={{}} />
    ),
  });

  /** The plan again after a refused form, with the messages at the conversation's own fields. */
  const again = async ({
    tx,
    who,
    view,
    params,
    errors,
    values,
  }: {
    tx: Tx;
    who: SignedIn;
    view: View;
    params: { id: string };
    errors: FieldErrors;
    values: Record<string, string>;
  }) => {
    const { incidentId } = await requireOne(tx, who, aftercarePolicy, 'view', params.id);
    const fields = unnumbered(values) as Record<string, string>;
    const typed: HoldValues = { conversation: params.id, ...fields };
    // The page answers the form's address, but its frame (language switch, navigation) is the plan's.
    const path = `/incidents/${incidentId}/aftercare`;
    return <AftercarePage view={{ ...view, path }} data={await load(tx, who, incidentId)} errors={errors} values={typed} />;
  };

  formRoute(app, db, {
    url: '/aftercare/:id/offer',
    params: idParams,
    form: backForm,
    command: async ({ tx, who, params, form }) => {
      await offerConversation(tx, who, params.id);
      return backTo(form.back);
    },
    render: again,
  });

  formRoute(app, db, {
    url: '/aftercare/:id/plan',
    params: idParams,
    form: planForm,
    fieldNames: { plannedAt: 'planDate' },
    generalField: 'planDate',
    command: async ({ tx, who, params, form }) => {
      await planConversation(tx, who, params.id, form.plannedAt);
      return backTo(form.back);
    },
    render: again,
  });

  formRoute(app, db, {
    url: '/aftercare/:id/respond',
    params: idParams,
    form: respondForm,
    command: async ({ tx, who, params, form }) => {
      await respondToConversation(tx, who, params.id, form.answer);
      return backTo(form.back);
    },
    render: again,
  });

  formRoute(app, db, {
    url: '/aftercare/:id/hold',
    params: idParams,
    form: holdForm,
    fieldNames: { heldAt: 'heldDate', referralContactId: 'referral' },
    generalField: 'notes',
    command: async ({ tx, who, params, form }) => {
      await holdConversation(tx, who, params.id, {
        heldAt: form.heldAt,
        notes: form.notes || null,
        stalledRecovery: form.stalled,
        ...(form.referral ? { referralContactId: form.referral } : {}),
      });
      return backTo(form.back);
    },
    render: again,
  });

  formRoute(app, db, {
    url: '/aftercare/:id/refer',
    params: idParams,
    form: referForm,
    fieldNames: { referralContactId: 'contactId' },
    command: async ({ tx, who, params, form }) => {
      await referFromConversation(tx, who, params.id, { contactId: form.contactId, note: form.note });
      return backTo(form.back);
    },
    render: again,
  });
}
