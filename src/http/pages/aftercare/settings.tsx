import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { changeAftercareSettings, getAftercareSettings, type AftercareSettings } from '../../../domain/aftercare/aftercare-settings.js';
import { createContact, listContacts, updateContact, type Contact } from '../../../domain/aftercare/contacts.js';
import { ROLES } from '../../../domain/user/roles.js';
import { AppError, notFound } from '../../../errors.js';
import { Checkbox, TextArea } from '../../components/fields.js';
import { CheckboxGroup, ErrorSummary, Form, TextField, type FieldErrors } from '../../components/form.js';
import { Layout } from '../../components/layout.js';
import type { View } from '../../components/view.js';
import { field, fieldList, redirect, requirePeopleAbility } from '../../context.js';
import { sendPage, viewOf } from '../../render.js';

const TIMING_FIELDS = [
  ['firstHours', 'aftercare_settings.first'], ['secondHours', 'aftercare_settings.second'],
  ['thirdFromDays', 'aftercare_settings.third_from'], ['thirdUntilDays', 'aftercare_settings.third_until'],
] as const;

function SettingsPage({ view, settings, values, errors }: { view: View; settings: AftercareSettings; values?: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout view={view} title={t('aftercare_settings.title')}>
      <p class="utrecht-paragraph">{t('aftercare_settings.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/aftercare">
        <div class="wb-field-row">
          {TIMING_FIELDS.map(([name, label]) => (
            <TextField view={view} name={name} label={t(label)} value={values?.[name] ?? String(settings.timings[name])} errors={errors} />
          ))}
        </div>
        <h2 class="utrecht-heading-2">{t('aftercare_settings.caregivers')}</h2>
        {ROLES.filter((r) => r !== 'admin').map((role) => {
          const rule = settings.caregivers.find((r) => r.affectedRole === role);
          return (
            <fieldset class="utrecht-form-fieldset wb-rule">
              <legend class="utrecht-form-fieldset__legend">{t('aftercare_settings.affected')}: {t(`role.${role}`)}</legend>
              <CheckboxGroup view={view} name={`care_${role}`} legend={t('aftercare_settings.caregivers')} checked={rule?.caregiverRoles ?? []} errors={{}} options={roleOptions} />
              <Checkbox name={`manager_${role}`} label={t('aftercare_settings.manager')} checked={rule?.caregiverManager ?? false} />
            </fieldset>
          );
        })}
        <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('aftercare_settings.save')}</button></div>
      </Form>
    </Layout>
  );
}

function ContactsPage({ view, contacts }: { view: View; contacts: Contact[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('contacts.title')}>
      <p class="utrecht-paragraph">{t('contacts.intro')}</p>
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/settings/contacts/new">{t('contacts.add')}</a></p>
      <ul class="utrecht-unordered-list">
        {contacts.map((c) => (
          <li class="utrecht-unordered-list__item">
            <a class="utrecht-link" href={`/settings/contacts/${c.id}`} aria-label={`${t('contacts.edit')}: ${c.name}`}>{c.name}</a>
            {c.phone && ` — ${c.phone}`}{!c.active && ` (${t('contacts.inactive')})`}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function ContactForm({ view, action, title, values, errors }: { view: View; action: string; title: string; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={action}>
        <TextField view={view} name="name" label={t('contacts.name')} value={values.name} errors={errors} required />
        <TextArea view={view} name="description" label={t('contacts.description')} value={values.description} errors={errors} rows={3} />
        <TextField view={view} name="phone" label={t('contacts.phone')} value={values.phone} errors={errors} autocomplete="off" />
        <TextField view={view} name="phoneOutOfHours" label={t('contacts.phone_out_of_hours')} value={values.phoneOutOfHours} errors={errors} autocomplete="off" />
        <TextField view={view} name="url" label={t('contacts.url')} value={values.url} errors={errors} autocomplete="off" />
        <TextField view={view} name="available" label={t('contacts.available')} value={values.available} errors={errors} />
        <TextField view={view} name="position" label={t('contacts.position')} value={values.position} errors={errors} inputMode="numeric" />
        <Checkbox name="active" label={t('contacts.active')} checked={values.active === 'on'} />
        <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('contacts.save')}</button></div>
      </Form>
    </Layout>
  );
}

const CONTACT_FIELDS = ['name', 'description', 'phone', 'phoneOutOfHours', 'url', 'available', 'position', 'active'] as const;

function contactValues(body: unknown): Record<string, string> {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, field(body, f)]));
}

function contactInput(values: Record<string, string>) {
  return { ...values, position: values.position || '0', active: values.active === 'on' };
}

export function aftercareSettingsRoutes(app: FastifyInstance, db: Db) {
  app.get('/settings/aftercare', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    return sendPage(reply, <SettingsPage view={viewOf(request)} settings={await getAftercareSettings(db, who)} errors={{}} />);
  });

  app.post('/settings/aftercare', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const body = request.body;
    const values = Object.fromEntries(TIMING_FIELDS.map(([name]) => [name, field(body, name)]));
    const caregivers = ROLES.map((role) => ({ affectedRole: role, caregiverRoles: fieldList(body, `care_${role}`), caregiverManager: field(body, `manager_${role}`) === 'on' }))
      .filter((r) => r.caregiverRoles.length > 0 || r.caregiverManager);
    try {
      await changeAftercareSettings(db, who, { timings: values, caregivers });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const errors = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k.replace(/^timings\./, ''), v]));
      return sendPage(reply, <SettingsPage view={viewOf(request)} settings={await getAftercareSettings(db, who)} values={values} errors={errors} />, 400);
    }
    return redirect(reply, '/settings/aftercare?notice=aftercare_settings.saved');
  });

  app.get('/settings/contacts', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    return sendPage(reply, <ContactsPage view={viewOf(request)} contacts={await listContacts(db, who, true)} />);
  });

  app.get('/settings/contacts/new', async (request, reply) => {
    requirePeopleAbility(request, 'organisation.settings');
    const view = viewOf(request);
    return sendPage(reply, <ContactForm view={view} action="/settings/contacts/new" title={view.t('contacts.add')} values={{ active: 'on', position: '10' }} errors={{}} />);
  });

  app.post('/settings/contacts/new', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const values = contactValues(request.body);
    try {
      await createContact(db, who, contactInput(values));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const view = viewOf(request);
      return sendPage(reply, <ContactForm view={view} action="/settings/contacts/new" title={view.t('contacts.add')} values={values} errors={error.fields} />, 400);
    }
    return redirect(reply, '/settings/contacts?notice=contacts.saved');
  });

  app.get('/settings/contacts/:id', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const id = (request.params as { id: string }).id;
    const contact = (await listContacts(db, who, true)).find((c) => c.id === id);
    if (!contact) throw notFound();
    const values = { ...Object.fromEntries(Object.entries(contact).map(([k, v]) => [k, v === null ? '' : String(v)])), active: contact.active ? 'on' : '' };
    return sendPage(reply, <ContactForm view={viewOf(request)} action={`/settings/contacts/${id}`} title={contact.name} values={values} errors={{}} />);
  });

  app.post('/settings/contacts/:id', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const id = (request.params as { id: string }).id;
    const values = contactValues(request.body);
    try {
      await updateContact(db, who, id, contactInput(values));
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return sendPage(reply, <ContactForm view={viewOf(request)} action={`/settings/contacts/${id}`} title={values.name || '—'} values={values} errors={error.fields} />, 400);
    }
    return redirect(reply, '/settings/contacts?notice=contacts.saved');
  });
}

