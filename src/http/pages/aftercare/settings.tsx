import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../db/database.js';
import { z } from 'zod';
import { requireRole } from '../../../domain/access/access.js';
import { aftercareAdminPolicy } from '../../../domain/aftercare/aftercare.policy.js';
import {
  aftercareSettingsSchema,
  changeAftercareSettings,
  getAftercareSettings,
  type AftercareSettings,
} from '../../../domain/aftercare/aftercare-settings.js';
import { contactSchema, createContact, getContact, listContacts, updateContact, type Contact } from '../../../domain/aftercare/contacts.js';
import { INFORMABLE_ROLES, ROLES } from '../../../domain/user/roles.js';
import {
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Link,
  ListItem,
  Paragraph,
  SubmitButton,
  TextArea,
  TextField,
  UnorderedList,
  type FieldErrors,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { idParams } from '../../pipeline/api-route.js';
import { formRoute, pageRoute } from '../../pipeline/page-route.js';

const TIMING_FIELDS = [
  ['firstHours', 'aftercare_settings.first'],
  ['secondHours', 'aftercare_settings.second'],
  ['thirdFromDays', 'aftercare_settings.third_from'],
  ['thirdUntilDays', 'aftercare_settings.third_until'],
] as const;

function SettingsPage({
  view,
  settings,
  values,
  errors,
}: {
  view: View;
  settings: AftercareSettings;
  values?: Record<string, string>;
  errors: FieldErrors;
}) {
  const t = view.t;
  const roleOptions = INFORMABLE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout view={view} title={t('aftercare_settings.title')}>
      <Paragraph>{t('aftercare_settings.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/aftercare">
        <div class="wb-field-row">
          {TIMING_FIELDS.map(([name, label]) => (
            <TextField view={view} name={name} label={t(label)} value={values?.[name] ?? String(settings.timings[name])} errors={errors} />
          ))}
        </div>
        <Heading level={2}>{t('aftercare_settings.caregivers')}</Heading>
        {ROLES.filter((r) => r !== 'admin').map((role) => {
          const rule = settings.caregivers.find((r) => r.affectedRole === role);
          return (
            <fieldset class="utrecht-form-fieldset wb-rule">
              <legend class="utrecht-form-fieldset__legend">
                {t('aftercare_settings.affected')}: {t(`role.${role}`)}
              </legend>
              <CheckboxGroup
                view={view}
                name={`care_${role}`}
                legend={t('aftercare_settings.caregivers')}
                checked={rule?.caregiverRoles ?? []}
                errors={{}}
                options={roleOptions}
              />
              <Checkbox name={`manager_${role}`} label={t('aftercare_settings.manager')} checked={rule?.caregiverManager ?? false} />
            </fieldset>
          );
        })}
        <SubmitButton>{t('aftercare_settings.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function ContactsPage({ view, contacts }: { view: View; contacts: Contact[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('contacts.title')}>
      <Paragraph>{t('contacts.intro')}</Paragraph>
      <Paragraph>
        <Link href="/settings/contacts/new">{t('contacts.add')}</Link>
      </Paragraph>
      <UnorderedList>
        {contacts.map((c) => (
          <ListItem>
            <a class="utrecht-link" href={`/settings/contacts/${c.id}`} aria-label={`${t('contacts.edit')}: ${c.name}`}>
              {c.name}
            </a>
            {c.phone && ` — ${c.phone}`}
            {!c.active && ` (${t('contacts.inactive')})`}
          </ListItem>
        ))}
      </UnorderedList>
    </Layout>
  );
}

function ContactForm({
  view,
  action,
  title,
  values,
  errors,
}: {
  view: View;
  action: string;
  title: string;
  values: Record<string, string>;
  errors: FieldErrors;
}) {
  const t = view.t;
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action={action}>
        <TextField view={view} name="name" label={t('contacts.name')} value={values.name} errors={errors} required />
        <TextArea view={view} name="description" label={t('contacts.description')} value={values.description} errors={errors} rows={3} />
        <TextField view={view} name="phone" label={t('contacts.phone')} value={values.phone} errors={errors} autocomplete="off" />
        <TextField
          view={view}
          name="phoneOutOfHours"
          label={t('contacts.phone_out_of_hours')}
          value={values.phoneOutOfHours}
          errors={errors}
          autocomplete="off"
        />
        <TextField view={view} name="url" label={t('contacts.url')} value={values.url} errors={errors} autocomplete="off" />
        <TextField view={view} name="available" label={t('contacts.available')} value={values.available} errors={errors} />
        <TextField view={view} name="position" label={t('contacts.position')} value={values.position} errors={errors} inputMode="numeric" />
        <Checkbox name="active" label={t('contacts.active')} checked={values.active === 'on'} />
        <SubmitButton>{t('contacts.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

const CONTACT_FIELDS = ['name', 'description', 'phone', 'phoneOutOfHours', 'url', 'available', 'position', 'active'] as const;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (body: Record<string, unknown>, name: string) => (typeof first(body[name]) === 'string' ? (first(body[name]) as string) : '');
const list = (body: Record<string, unknown>, name: string) => [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');

/** The contact form: the checkbox is present or not, an empty position is the first. */
const contactForm = z.preprocess((raw) => {
  const body = (raw ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, text(body, f)]));
  return { ...values, position: values.position || '0', active: values.active === 'on' };
}, contactSchema);

/** The settings form: four timings, and per affected role the caregiver roles and the manager checkbox. */
const settingsForm = z.preprocess((raw) => {
  const body = (raw ?? {}) as Record<string, unknown>;
  return {
    timings: Object.fromEntries(TIMING_FIELDS.map(([name]) => [name, text(body, name)])),
    caregivers: ROLES.map((role) => ({
      affectedRole: role,
      caregiverRoles: list(body, `care_${role}`),
      caregiverManager: text(body, `manager_${role}`) === 'on',
    })).filter((r) => r.caregiverRoles.length > 0 || r.caregiverManager),
  };
}, aftercareSettingsSchema);

/** The timing fields are nested in the settings; on the page they are plain fields. */
const flat = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/^timings\./, ''), v]));

export function aftercareSettingsRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/settings/aftercare',
    handler: async ({ tx, who, view }) => <SettingsPage view={view} settings={await getAftercareSettings(tx, who)} errors={{}} />,
  });

  formRoute(app, db, {
    url: '/settings/aftercare',
    form: settingsForm,
    command: async ({ tx, who, form }) => {
      await changeAftercareSettings(tx, who, form);
      return '/settings/aftercare?notice=aftercare_settings.saved';
    },
    render: async ({ tx, who, view, values, errors }) => (
      <SettingsPage view={view} settings={await getAftercareSettings(tx, who)} values={values} errors={flat(errors)} />
    ),
  });

  pageRoute(app, db, {
    url: '/settings/contacts',
    handler: async ({ tx, who, view }) => {
      requireRole(aftercareAdminPolicy, who, 'manage_contacts');
      return <ContactsPage view={view} contacts={await listContacts(tx, who, true)} />;
    },
  });

  pageRoute(app, db, {
    url: '/settings/contacts/new',
    handler: async ({ who, view }) => {
      requireRole(aftercareAdminPolicy, who, 'manage_contacts');
      return (
        <ContactForm
          view={view}
          action="/settings/contacts/new"
          title={view.t('contacts.add')}
          values={{ active: 'on', position: '10' }}
          errors={{}}
        />
      );
    },
  });

  formRoute(app, db, {
    url: '/settings/contacts/new',
    form: contactForm,
    command: async ({ tx, who, form }) => {
      await createContact(tx, who, form);
      return '/settings/contacts?notice=contacts.saved';
    },
    render: async ({ who, view, values, errors }) => {
      requireRole(aftercareAdminPolicy, who, 'manage_contacts');
      return <ContactForm view={view} action="/settings/contacts/new" title={view.t('contacts.add')} values={values} errors={errors} />;
    },
  });

  pageRoute(app, db, {
    url: '/settings/contacts/:id',
    params: idParams,
    handler: async ({ tx, who, view, params }) => {
      const contact = await getContact(tx, who, params.id);
      const values = {
        ...Object.fromEntries(Object.entries(contact).map(([k, v]) => [k, v === null ? '' : String(v)])),
        active: contact.active ? 'on' : '',
      };
      return <ContactForm view={view} action={`/settings/contacts/${params.id}`} title={contact.name} values={values} errors={{}} />;
    },
  });

  formRoute(app, db, {
    url: '/settings/contacts/:id',
    params: idParams,
    form: contactForm,
    command: async ({ tx, who, params, form }) => {
      await updateContact(tx, who, params.id, form);
      return '/settings/contacts?notice=contacts.saved';
    },
    render: async ({ tx, who, view, params, values, errors }) => {
      await getContact(tx, who, params.id);
      return (
        <ContactForm view={view} action={`/settings/contacts/${params.id}`} title={values.name || '—'} values={values} errors={errors} />
      );
    },
  });
}
