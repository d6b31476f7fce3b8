import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/database.js';
import { requireRole } from '../../domain/access/access.js';
import type { SignedIn } from '../../domain/auth/session.js';
import { awaitsPassword } from '../../domain/account/account-token.js';
import {
  addUser,
  changeUser,
  readUser,
  resendInvitation,
  resetPassword,
  resetSecondFactor,
  setUserActive,
} from '../../domain/user/manage-users.js';
import { isRole, ROLES } from '../../domain/user/roles.js';
import { peoplePolicy, type PeopleAbility } from '../../domain/user/user.policy.js';
import { listUsers } from '../../domain/user/user.repository.js';
import { emailSchema, nameSchema, rolesSchema } from '../../domain/user/user.schema.js';
import type { User } from '../../domain/user/user.js';
import {
  Alert,
  Button,
  ButtonRow,
  CheckboxGroup,
  ErrorSummary,
  Form,
  Layout,
  Link,
  Paragraph,
  Select,
  SubmitButton,
  Table,
  TextField,
  type FieldErrors,
  type TableColumn,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formOptional, formText } from '../forms.js';
import { idParams } from '../pipeline/api-route.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';
import { viewOf } from '../render.js';

const toList = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The person form: name, e-mail and roles, each checked at once. */
const personForm = z.object({
  name: formText().pipe(nameSchema),
  email: formText().pipe(emailSchema),
  roles: z.preprocess(toList, rolesSchema),
});

/** Adding and editing both choose the manager who receives this person's reports (none: empty). */
const managerField = formOptional(100)
  .pipe(z.uuid({ error: 'error.user_unknown' }).optional())
  .transform((id) => id ?? null);
const newPersonForm = personForm.extend({ managerId: managerField });
const editPersonForm = personForm.extend({ managerId: managerField });

/** The roles ticked in a posted form, to tick them again when it comes back with messages. */
const tickedRoles = (body: unknown) =>
  z
    .object({ roles: z.preprocess(toList, z.array(z.string())) })
    .catch({ roles: [] })
    .parse(body ?? {}).roles;

/** Messages by form field: an issue with one role ("roles.0") belongs to the roles field. */
const byField = (errors: FieldErrors): FieldErrors => {
  const fields: FieldErrors = {};
  for (const [key, message] of Object.entries(errors)) fields[key.split('.')[0]!] ??= message;
  return fields;
};

/** The person behind a page who may do this with people; otherwise the page is not there (404). */
function allowed<W extends SignedIn>(who: W, ability: PeopleAbility): W {
  requireRole(peoplePolicy, who, ability);
  return who;
}

function PeopleList({ view, people, manage }: { view: View; people: User[]; manage: boolean }) {
  const t = view.t;
  const columns: TableColumn<User>[] = [
    { header: t('field.name'), cell: (p) => p.name },
    { header: t('field.email'), cell: (p) => p.email },
    { header: t('field.roles'), cell: (p) => p.roles.map((r) => t(`role.${r}`)).join(', ') },
    { header: t('people.status'), cell: (p) => t(p.active ? 'people.active' : 'people.inactive') },
    {
      header: t('people.second_factor'),
      cell: (p) => t(p.secondFactorEnrolled ? 'account.second_factor_on' : 'account.second_factor_off'),
    },
  ];
  if (manage)
    columns.push({
      header: t('people.actions'),
      // The link says whom it changes, to the eye as well: a column of "Wijzigen" said nothing.
      cell: (p) => <Link href={`/people/${p.id}`}>{t('people.edit_named', { name: p.name })}</Link>,
    });
  return (
    <Layout view={view} title={t('people.title')}>
      <Paragraph>{t('people.intro', { org: view.who!.organisation.name })}</Paragraph>
      {manage && (
        <Paragraph>
          <Link href="/people/new">{t('people.add')}</Link>
        </Paragraph>
      )}
      <Table caption={t('people.title')} captionHidden columns={columns} rows={people} />
    </Layout>
  );
}

/** The person form's fields, top to bottom. */
const PERSON_FIELDS = ['name', 'email', 'roles', 'managerId'];

interface PersonValues {
  name: string;
  email: string;
  roles: string[];
  managerId?: string;
}

function PersonFields({ view, values, errors, self }: { view: View; values: PersonValues; errors: FieldErrors; self?: boolean }) {
  const t = view.t;
  return (
    <>
      <TextField view={view} name="name" label={t('field.name')} value={values.name} errors={errors} required autocomplete="off" />
      <TextField
        view={view}
        name="email"
        type="email"
        label={t('field.email')}
        value={values.email}
        errors={errors}
        required
        autocomplete="off"
      />
      {self ? (
        // Nobody changes their own roles: shown, not offered; sent back unchanged with the form.
        <OwnRoles view={view} roles={values.roles} />
      ) : (
        <CheckboxGroup
          view={view}
          name="roles"
          legend={t('field.roles')}
          checked={values.roles}
          errors={errors}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
      )}
    </>
  );
}

/** One's own roles, read-only, with the reason; the values travel as hidden fields. */
function OwnRoles({ view, roles }: { view: View; roles: string[] }) {
  const t = view.t;
  return (
    <div class="utrecht-form-field">
      <Paragraph>
        <strong>{t('people.own_roles')}</strong>: {roles.map((r) => (isRole(r) ? t(`role.${r}`) : r)).join(', ')}
      </Paragraph>
      <Paragraph>{t('people.own_roles_why')}</Paragraph>
      {roles.map((r) => (
        <input type="hidden" name="roles" value={r} key={r} />
      ))}
    </div>
  );
}

/** Who receives this person's reports: anyone active but the person themselves. */
function ManagerField({
  view,
  values,
  errors,
  managers,
  personId,
}: {
  view: View;
  values: PersonValues;
  errors: FieldErrors;
  managers: User[];
  personId?: string;
}) {
  const t = view.t;
  return (
    <Select
      view={view}
      name="managerId"
      label={t('people.manager')}
      hint={t('people.manager_hint')}
      value={values.managerId ?? ''}
      errors={errors}
      options={[
        { value: '', label: t('people.manager_none') },
        ...managers.filter((m) => m.id !== personId && m.active).map((m) => ({ value: m.id, label: m.name })),
      ]}
    />
  );
}

function NewPersonPage({ view, values, errors, managers }: { view: View; values: PersonValues; errors: FieldErrors; managers: User[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('people.new_title')}>
      <Paragraph>{t('people.invite_intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} order={PERSON_FIELDS} />
      <Form view={view} action="/people/new">
        <PersonFields view={view} values={values} errors={errors} />
        <ManagerField view={view} values={values} errors={errors} managers={managers} />
        <SubmitButton>{t('people.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function TemporaryPasswordPage({ view, person, password, title }: { view: View; person: User; password: string; title: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={title}>
      <Alert type="warning" role="status">
        <Paragraph>{t('people.temporary_password', { name: person.name, password })}</Paragraph>
      </Alert>
      <Paragraph>
        <Link href={`/people/${person.id}`}>{t('people.edit_named', { name: person.name })}</Link>
      </Paragraph>
      <Paragraph>
        <Link href="/people">{t('people.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function InvitedPage({ view, person }: { view: View; person: User }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('people.new_title')}>
      <Alert type="ok" role="status">
        <Paragraph>{t('people.invited', { email: person.email })}</Paragraph>
      </Alert>
      <Paragraph>
        <Link href={`/people/${person.id}`}>{t('people.edit_named', { name: person.name })}</Link>
      </Paragraph>
      <Paragraph>
        <Link href="/people">{t('people.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function ActionButton({ view, action, label }: { view: View; action: string; label: string }) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      <Button variant="secondary">{label}</Button>
    </form>
  );
}

function EditPersonPage({
  view,
  person,
  values,
  errors,
  managers,
  invitationOpen,
}: {
  view: View;
  person: User;
  values: PersonValues;
  errors: FieldErrors;
  managers: User[];
  invitationOpen: boolean;
}) {
  const t = view.t;
  const self = view.who?.user.id === person.id;
  return (
    <Layout view={view} title={t('people.edit_title', { name: person.name })}>
      <Paragraph>
        {t('people.status')}: {t(person.active ? 'people.active' : 'people.inactive')}
      </Paragraph>
      {invitationOpen && <Paragraph>{t('people.invitation_pending')}</Paragraph>}
      {/* A refused button (deactivating oneself) names no field: its message leads to the buttons. */}
      <ErrorSummary view={view} errors={errors} order={PERSON_FIELDS} ids={{ _: 'manage' }} />
      <Form view={view} action={`/people/${person.id}`}>
        <PersonFields view={view} values={self ? { ...values, roles: person.roles } : values} errors={errors} self={self} />
        <ManagerField view={view} values={values} errors={errors} managers={managers} personId={person.id} />
        <SubmitButton>{t('people.save')}</SubmitButton>
      </Form>
      {/* Heading takes no tabIndex: the error summary's link moves focus here, so it stays a plain h2. */}
      <h2 class="utrecht-heading-2" id="manage" tabIndex={-1}>
        {t('people.manage')}
      </h2>
      <ButtonRow>
        {invitationOpen && person.active && (
          <ActionButton view={view} action={`/people/${person.id}/resend-invitation`} label={t('people.resend_invitation')} />
        )}
        <ActionButton view={view} action={`/people/${person.id}/reset-password`} label={t('people.reset_password')} />
        {person.secondFactorEnrolled && (
          <ActionButton view={view} action={`/people/${person.id}/reset-second-factor`} label={t('people.reset_second_factor')} />
        )}
        {!self &&
          (person.active ? (
            <ActionButton view={view} action={`/people/${person.id}/deactivate`} label={t('people.deactivate')} />
          ) : (
            <ActionButton view={view} action={`/people/${person.id}/reactivate`} label={t('people.reactivate')} />
          ))}
      </ButtonRow>
      <Paragraph>
        <Link href="/people">{t('people.title')}</Link>
      </Paragraph>
    </Layout>
  );
}

function valuesOf(values: Record<string, string>, request: FastifyRequest): PersonValues {
  return { name: values.name ?? '', email: values.email ?? '', roles: tickedRoles(request.body), managerId: values.managerId ?? '' };
}

async function editPage(tx: Tx, who: SignedIn, request: FastifyRequest, id: string, values: PersonValues | undefined, errors: FieldErrors) {
  const person = await readUser(tx, actorOf(who), id);
  // The notice after a change names the person.
  const view = viewOf(request, { name: person.name });
  const managers = await listUsers(tx);
  const shown = values ?? { name: person.name, email: person.email, roles: person.roles, managerId: person.managerId ?? '' };
  const invitationOpen = await awaitsPassword(tx, id);
  return (
    <EditPersonPage
      view={view}
      person={person}
      managers={managers}
      values={shown}
      errors={byField(errors)}
      invitationOpen={invitationOpen}
    />
  );
}

export function peopleRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/people',
    handler: async ({ tx, who, view }) => {
      allowed(who, 'people.list');
      const manage = peoplePolicy.abilitiesOf(who).includes('people.manage');
      return <PeopleList view={view} people={await listUsers(tx)} manage={manage} />;
    },
  });

  pageRoute(app, db, {
    url: '/people/new',
    handler: async ({ tx, who, view }) => {
      allowed(who, 'people.manage');
      return <NewPersonPage view={view} values={{ name: '', email: '', roles: [] }} errors={{}} managers={await listUsers(tx)} />;
    },
  });

  formRoute(app, db, {
    url: '/people/new',
    form: newPersonForm,
    command: async ({ tx, who, form, view }) => {
      // The person chooses their own password through the invitation mail: nothing to hand over.
      const added = await addUser(tx, actorOf(allowed(who, 'people.manage')), form, { invite: true });
      return { page: <InvitedPage view={view} person={added.user} />, status: 201 };
    },
    generalField: 'name',
    render: async ({ tx, who, view, values, errors, request }) => {
      allowed(who, 'people.manage');
      return <NewPersonPage view={view} values={valuesOf(values, request)} errors={byField(errors)} managers={await listUsers(tx)} />;
    },
  });

  pageRoute(app, db, {
    url: '/people/:id',
    params: idParams,
    handler: async ({ tx, who, request, params }) => editPage(tx, allowed(who, 'people.manage'), request, params.id, undefined, {}),
  });

  formRoute(app, db, {
    url: '/people/:id',
    params: idParams,
    form: editPersonForm,
    command: async ({ tx, who, params, form }) => {
      await changeUser(tx, actorOf(allowed(who, 'people.manage')), params.id, form);
      return `/people/${params.id}?notice=people.saved`;
    },
    generalField: 'name',
    render: async ({ tx, who, params, values, errors, request }) =>
      editPage(tx, allowed(who, 'people.manage'), request, params.id, valuesOf(values, request), errors),
  });

  /** The buttons under "manage": each a form of its own, back to the person's page. */
  const action = (path: string, run: (tx: Tx, who: SignedIn, id: string) => Promise<unknown>, notice: string) =>
    formRoute(app, db, {
      url: `/people/:id/${path}`,
      params: idParams,
      form: z.object({}),
      command: async ({ tx, who, params }) => {
        await run(tx, allowed(who, 'people.manage'), params.id);
        return `/people/${params.id}?notice=${notice}`;
      },
      render: async ({ tx, who, request, params, errors }) =>
        editPage(tx, allowed(who, 'people.manage'), request, params.id, undefined, errors),
    });
  action('deactivate', (tx, who, id) => setUserActive(tx, actorOf(who), id, false), 'people.deactivated');
  action('reactivate', (tx, who, id) => setUserActive(tx, actorOf(who), id, true), 'people.reactivated');
  action('reset-second-factor', (tx, who, id) => resetSecondFactor(tx, actorOf(who), id), 'people.second_factor_reset');
  action('resend-invitation', (tx, who, id) => resendInvitation(tx, actorOf(who), id), 'people.invitation_resent');

  formRoute(app, db, {
    url: '/people/:id/reset-password',
    params: idParams,
    form: z.object({}),
    command: async ({ tx, who, params, view }) => {
      const actor = actorOf(allowed(who, 'people.manage'));
      const password = await resetPassword(tx, actor, params.id);
      const person = await readUser(tx, actor, params.id);
      return { page: <TemporaryPasswordPage view={view} person={person} password={password} title={view.t('people.reset_password')} /> };
    },
    render: async ({ tx, who, request, params, errors }) =>
      editPage(tx, allowed(who, 'people.manage'), request, params.id, undefined, errors),
  });
}
