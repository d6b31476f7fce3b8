import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/database.js';
import { getAftercare, type AftercareConversation, type AftercarePlan } from '../../../domain/aftercare/aftercare-queries.js';
import { listContacts, type Contact } from '../../../domain/aftercare/contacts.js';
import { holdConversation, offerConversation, referFromConversation, respondToConversation } from '../../../domain/aftercare/conversation.js';
import type { SignedIn } from '../../../domain/auth/session.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import { getIncident } from '../../../domain/incident/incident-queries.js';
import { AppError } from '../../../errors.js';
import { Checkbox, Disclosure, Input, Select, TextArea } from '../../components/fields.js';
import { ErrorSummary, Form, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, redirect, requireSignedIn } from '../../context.js';
import { formatDateTime } from '../../i18n/index.js';
import { amsterdamToIso, isoToAmsterdam } from '../../local-time.js';
import { sendPage, viewOf } from '../../render.js';
import { ContactList } from './help.js';
import { dueText } from './tasks.js';

interface PageData {
  incidentId: string;
  reference: string;
  plans: AftercarePlan[];
  contacts: Contact[];
}

function ActionButton({ view, action, label, name, value, back }: { view: View; action: string; label: string; name?: string; value?: string; back: string }) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" name={name} value={value} class="utrecht-button utrecht-button--secondary-action">{label}</button>
    </form>
  );
}

function ConversationBlock({ view, c, plan, data, errors, values }: {
  view: View; c: AftercareConversation; plan: AftercarePlan; data: PageData; errors: FieldErrors; values: Record<string, string>;
}) {
  const t = view.t;
  const back = `/incidents/${data.incidentId}/aftercare`;
  const caregiver = plan.viewerRole === 'caregiver';
  const now = isoToAmsterdam(new Date());
  const mine = values.conversation === c.id;
  const errs = mine ? errors : {};
  const prefix = `c${c.number}-${c.id.slice(0, 8)}`;
  return (
    <section class="wb-conversation" aria-labelledby={`${prefix}-heading`}>
      <h3 class="utrecht-heading-3" id={`${prefix}-heading`}>{t('aftercare.conversation', { number: String(c.number) })} — {t(`aftercare.state.${c.state}`)}</h3>
      <dl class="utrecht-data-list">
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('deadline.due')}</dt>
          <dd class="utrecht-data-list__item-value">
            {c.dueAt ? dueText(view, { dueAt: c.dueAt, notBefore: c.notBefore }) : '—'}
            {c.deadlineState && ` (${t(`deadline.state.${c.deadlineState}`)})`}
          </dd>
        </div>
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{t('aftercare.caregivers')}</dt>
          <dd class="utrecht-data-list__item-value">{c.caregivers.map((p) => p.name).join(', ')}</dd>
        </div>
        {c.heldAt && (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('aftercare.state.held')}</dt>
            <dd class="utrecht-data-list__item-value">{t('aftercare.held_on', { when: formatDateTime(c.heldAt, view.lang), name: c.heldBy?.name ?? '?' })}</dd>
          </div>
        )}
        {c.notes && (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('aftercare.notes')}</dt>
            <dd class="utrecht-data-list__item-value wb-pre">{c.notes}</dd>
          </div>
        )}
        {c.stalledRecovery && (
          <div class="utrecht-data-list__item">
            <dt class="utrecht-data-list__item-key">{t('aftercare.private')}</dt>
            <dd class="utrecht-data-list__item-value">{t('aftercare.stalled')}</dd>
          </div>
        )}
      </dl>
      {c.state !== 'held' && (
        <div class="wb-button-row">
          {caregiver && <ActionButton view={view} action={`/aftercare/${c.id}/offer`} label={t('aftercare.offer')} back={back} />}
          {(c.state === 'offered' || (caregiver && c.state === 'planned')) && plan.viewerRole !== 'viewer' && (
            <>
              <ActionButton view={view} action={`/aftercare/${c.id}/respond`} name="answer" value="accept" label={t('aftercare.accept')} back={back} />
              <ActionButton view={view} action={`/aftercare/${c.id}/respond`} name="answer" value="decline" label={t('aftercare.decline')} back={back} />
            </>
          )}
        </div>
      )}
      {caregiver && c.state !== 'held' && (
        <Disclosure summary={t('aftercare.hold')} open={mine}>
          <Form view={view} action={`/aftercare/${c.id}/hold`}>
            <input type="hidden" name="back" value={back} />
            <div class="wb-field-row">
              <Input view={view} name={`heldDate-${prefix}`} type="date" label={t('aftercare.held_date')} value={mine ? values.heldDate : now.date} errors={renamed(errs, 'heldAt', `heldDate-${prefix}`)} />
              <Input view={view} name={`heldTime-${prefix}`} type="time" label={t('aftercare.held_time')} value={mine ? values.heldTime : now.time} errors={{}} />
            </div>
            <TextArea view={view} name={`notes-${prefix}`} label={t('aftercare.notes')} hint={t('aftercare.notes_hint')} value={mine ? values.notes : ''} errors={renamed(errs, 'notes', `notes-${prefix}`)} rows={4} />
            {c.number === 3 && <Checkbox name={`stalled-${prefix}`} label={t('aftercare.stalled')} checked={mine && values.stalled === 'on'} />}
            <Select view={view} name={`referral-${prefix}`} label={t('aftercare.refer_to')} value={mine ? values.referral : ''} errors={renamed(errs, 'referralContactId', `referral-${prefix}`)}
              options={[{ value: '', label: t('aftercare.refer_none') }, ...data.contacts.map((k) => ({ value: k.id, label: k.name }))]} />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('aftercare.hold')}</button></div>
          </Form>
        </Disclosure>
      )}
      {caregiver && c.deadlineId && c.deadlineState !== 'done' && c.deadlineState !== 'cancelled' && (
        <Disclosure summary={t('deadline.cancel')}>
          <Form view={view} action={`/deadlines/${c.deadlineId}/cancel`}>
            <input type="hidden" name="back" value={back} />
            <TextArea view={view} name={`reason-${prefix}`} label={t('deadline.cancel_reason')} errors={{}} rows={2} />
            <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('deadline.cancel')}</button></div>
          </Form>
        </Disclosure>
      )}
    </section>
  );
}

/** Field errors from the use case under this form's own (numbered) field names. */
function renamed(errors: FieldErrors, from: string, to: string): FieldErrors {
  return errors[from] ? { [to]: errors[from] } : {};
}

function AftercarePage({ view, data, errors, values }: { view: View; data: PageData; errors: FieldErrors; values: Record<string, string> }) {
  const t = view.t;
  const summary: FieldErrors = {};
  const prefixOf = (id: string) => data.plans.flatMap((p) => p.conversations).find((c) => c.id === id);
  const c = values.conversation ? prefixOf(values.conversation) : undefined;
  if (c) {
    const prefix = `c${c.number}-${c.id.slice(0, 8)}`;
    for (const [k, v] of Object.entries(errors)) summary[{ heldAt: `heldDate-${prefix}`, notes: `notes-${prefix}`, referralContactId: `referral-${prefix}` }[k] ?? k] = v;
  }
  return (
    <Layout view={view} title={t('aftercare.title', { reference: data.reference })}>
      <p class="utrecht-paragraph">{t('aftercare.intro')}</p>
      <p class="utrecht-paragraph"><a class="utrecht-link" href={`/incidents/${data.incidentId}`}>{t('incident.title', { reference: data.reference })}</a></p>
      <ErrorSummary view={view} errors={summary} />
      {data.plans.length === 0 && <p class="utrecht-paragraph">{t('aftercare.none')}</p>}
      {data.plans.map((plan) => (
        <section aria-labelledby={`plan-${plan.affected.id}`}>
          <h2 class="utrecht-heading-2" id={`plan-${plan.affected.id}`}>{t('aftercare.for', { name: plan.affected.name })}</h2>
          {plan.conversations.map((conv) => <ConversationBlock view={view} c={conv} plan={plan} data={data} errors={errors} values={values} />)}
          {plan.referrals && plan.referrals.length > 0 && (
            <>
              <h3 class="utrecht-heading-3">{t('aftercare.referrals')}</h3>
              <ul class="utrecht-unordered-list">
                {plan.referrals.map((r) => (
                  <li class="utrecht-unordered-list__item">{r.contactName}{r.note ? ` — ${r.note}` : ''} ({r.createdBy.name}, {formatDateTime(r.createdAt, view.lang)})</li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
      <h2 class="utrecht-heading-2">{t('help.title')}</h2>
      <p class="utrecht-paragraph">{t('help.intro')}</p>
      <ContactList view={view} contacts={data.contacts} />
    </Layout>
  );
}

async function load(db: Db, who: SignedIn, incidentId: string): Promise<PageData> {
  const { incident } = await getIncident(db, who, incidentId);
  const [plans, contacts] = await Promise.all([getAftercare(db, who, incidentId), listContacts(db, who)]);
  return { incidentId, reference: incidentReference(incident), plans, contacts };
}

async function backTo(request: FastifyRequest, reply: FastifyReply) {
  const back = field(request.body, 'back');
  return redirect(reply, `${/^\/incidents\/[0-9a-f-]{36}\/aftercare$/.test(back) ? back : '/tasks'}?notice=aftercare.saved`);
}

export function aftercarePageRoutes(app: FastifyInstance, db: Db) {
  app.get('/incidents/:id/aftercare', async (request, reply) => {
    const who = requireSignedIn(request);
    return sendPage(reply, <AftercarePage view={viewOf(request)} data={await load(db, who, (request.params as { id: string }).id)} errors={{}} values={{}} />);
  });

  const conversationId = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.post('/aftercare/:id/offer', async (request, reply) => {
    await offerConversation(db, requireSignedIn(request), conversationId(request));
    return backTo(request, reply);
  });

  app.post('/aftercare/:id/respond', async (request, reply) => {
    const answer = field(request.body, 'answer') === 'accept' ? 'accept' : 'decline';
    await respondToConversation(db, requireSignedIn(request), conversationId(request), answer);
    return backTo(request, reply);
  });

  app.post('/aftercare/:id/hold', async (request, reply) => {
    const who = requireSignedIn(request);
    const id = conversationId(request);
    const body = request.body as Record<string, unknown>;
    // The form's fields carry a per-conversation suffix so several forms share one page.
    const pick = (name: string) => {
      const key = Object.keys(body ?? {}).find((k) => k.startsWith(`${name}-`));
      return key ? field(body, key) : '';
    };
    const values = { conversation: id, heldDate: pick('heldDate'), heldTime: pick('heldTime'), notes: pick('notes'), stalled: pick('stalled'), referral: pick('referral') };
    try {
      await holdConversation(db, who, id, {
        heldAt: amsterdamToIso(values.heldDate, values.heldTime) ?? 'ongeldig',
        notes: values.notes,
        stalledRecovery: values.stalled === 'on',
        ...(values.referral ? { referralContactId: values.referral } : {}),
      });
    } catch (error) {
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      const back = field(request.body, 'back');
      const incidentId = /^\/incidents\/([0-9a-f-]{36})\/aftercare$/.exec(back)?.[1];
      if (!incidentId) throw error;
      const errors = Object.keys(error.fields).length ? error.fields : { notes: error.messageKey };
      // The page answers the form's address, but its frame (language switch, navigation) is the plan's.
      const view = { ...viewOf(request), path: back };
      return sendPage(reply, <AftercarePage view={view} data={await load(db, who, incidentId)} errors={errors} values={values} />, error.status);
    }
    return backTo(request, reply);
  });

  app.post('/aftercare/:id/refer', async (request, reply) => {
    await referFromConversation(db, requireSignedIn(request), conversationId(request), { contactId: field(request.body, 'contactId'), note: field(request.body, 'note') });
    return backTo(request, reply);
  });
}
