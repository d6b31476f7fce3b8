import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isUuid } from '../../validation.js';
import type { Db } from '../../db/database.js';
import { ROLES } from '../../domain/user/roles.js';
import { addUser, changeUser, readUser, resetPassword, resetSecondFactor, setUserActive } from '../../domain/user/manage-users.js';
import { withOrganisation } from '../../db/database.js';
import { listUsers } from '../../domain/user/user.repository.js';
import type { User } from '../../domain/user/user.js';
import { AppError, notFound } from '../../errors.js';
import { Select } from '../components/fields.js';
import { CheckboxGroup, ErrorSummary, Form, SubmitButton, TextField, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { actorOf, field, fieldList, redirect, requirePeopleAbility } from '../context.js';
import { sendPage, viewOf } from '../render.js';


function PeopleList({ view, people }: { view: View; people: User[] }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('people.title')}>
      <p class="utrecht-paragraph">{t('people.intro', { org: view.who!.organisation.name })}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/people/new">{t('people.add')}</a>
      </p>
      <div class="utrecht-table-container">
        <table class="utrecht-table">
          <thead class="utrecht-table__header">
            <tr class="utrecht-table__row">
              <th class="utrecht-table__header-cell" scope="col">{t('field.name')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('field.email')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('field.roles')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('people.status')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('people.second_factor')}</th>
              <th class="utrecht-table__header-cell" scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody class="utrecht-table__body">
            {people.map((p) => (
              <tr class="utrecht-table__row">
                <td class="utrecht-table__cell">{p.name}</td>
                <td class="utrecht-table__cell">{p.email}</td>
                <td class="utrecht-table__cell">{p.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td class="utrecht-table__cell">{t(p.active ? 'people.active' : 'people.inactive')}</td>
                <td class="utrecht-table__cell">{t(p.secondFactorEnrolled ? 'account.second_factor_on' : 'account.second_factor_off')}</td>
                <td class="utrecht-table__cell">
                  <a class="utrecht-link" href={`/people/${p.id}`} aria-label={t('people.edit_named', { name: p.name })}>
                    {t('people.edit')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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

function PersonFields({ view, values, errors }: { view: View; values: PersonValues; errors: FieldErrors }) {
  const t = view.t;
  return (
    <>
      <TextField view={view} name="name" label={t('field.name')} value={values.name} errors={errors} required autocomplete="off" />
      <TextField view={view} name="email" type="email" label={t('field.email')} value={values.email} errors={errors} required autocomplete="off" />
      <CheckboxGroup view={view} name="roles" legend={t('field.roles')} checked={values.roles} errors={errors}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
    </>
  );
}

function NewPersonPage({ view, values, errors }: { view: View; values: PersonValues; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('people.new_title')}>
      <p class="utrecht-paragraph">{t('people.new_intro')}</p>
      <ErrorSummary view={view} errors={errors} order={PERSON_FIELDS} />
      <Form view={view} action="/people/new">
        <PersonFields view={view} values={values} errors={errors} />
        <SubmitButton>{t('people.create')}</SubmitButton>
      </Form>
    </Layout>
  );
}

function TemporaryPasswordPage({ view, person, password, title }: { view: View; person: User; password: string; title: string }) {
  const t = view.t;
  return (
    <Layout view={view} title={title}>
      <div class="utrecht-alert utrecht-alert--warning" role="status">
        <p class="utrecht-paragraph">{t('people.temporary_password', { name: person.name, password })}</p>
      </div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/people/${person.id}`}>{t('people.edit_named', { name: person.name })}</a>
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/people">{t('people.title')}</a>
      </p>
    </Layout>
  );
}

function ActionButton({ view, action, label }: { view: View; action: string; label: string }) {
  return (
    <form method="post" action={action} class="wb-inline">
      <input type="hidden" name="_csrf" value={view.csrfToken} />
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">{label}</button>
    </form>
  );
}

function EditPersonPage({ view, person, values, errors, managers }: { view: View; person: User; values: PersonValues; errors: FieldErrors; managers: User[] }) {
  const t = view.t;
  const self = view.who?.user.id === person.id;
  return (
    <Layout view={view} title={t('people.edit_title', { name: person.name })}>
      <p class="utrecht-paragraph">
        {t('people.status')}: {t(person.active ? 'people.active' : 'people.inactive')}
      </p>
      <ErrorSummary view={view} errors={errors} order={PERSON_FIELDS} />
      <Form view={view} action={`/people/${person.id}`}>
        <PersonFields view={view} values={values} errors={errors} />
        <Select view={view} name="managerId" label={t('people.manager')} hint={t('people.manager_hint')} value={values.managerId ?? ''} errors={errors}
          options={[{ value: '', label: t('people.manager_none') }, ...managers.filter((m) => m.id !== person.id && m.active).map((m) => ({ value: m.id, label: m.name }))]} />
        <SubmitButton>{t('people.save')}</SubmitButton>
      </Form>
      <h2 class="utrecht-heading-2">{t('people.manage')}</h2>
      <div class="utrecht-button-group wb-button-row">
        <ActionButton view={view} action={`/people/${person.id}/reset-password`} label={t('people.reset_password')} />
        {person.secondFactorEnrolled && (
          <ActionButton view={view} action={`/people/${person.id}/reset-second-factor`} label={t('people.reset_second_factor')} />
        )}
        {!self && (person.active
          ? <ActionButton view={view} action={`/people/${person.id}/deactivate`} label={t('people.deactivate')} />
          : <ActionButton view={view} action={`/people/${person.id}/reactivate`} label={t('people.reactivate')} />)}
      </div>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/people">{t('people.title')}</a>
      </p>
    </Layout>
  );
}

function personId(request: FastifyRequest): string {
  const id = (request.params as { id: string }).id;
  if (!isUuid(id)) throw notFound();
  return id;
}

function formValues(body: unknown): PersonValues {
  return { name: field(body, 'name'), email: field(body, 'email'), roles: fieldList(body, 'roles') };
}

function formErrors(error: unknown): FieldErrors {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 404) throw error;
  const errors: FieldErrors = {};
  for (const [key, message] of Object.entries(error.fields)) errors[key.split('.')[0]!] ??= message;
  if (Object.keys(errors).length === 0) errors.name = error.messageKey;
  return errors;
}

export function peopleRoutes(app: FastifyInstance, db: Db) {
  const people = (who: { organisation: { id: string } }) => withOrganisation(db, who.organisation.id, (tx) => listUsers(tx));

  app.get('/people', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.list');
    const people = await withOrganisation(db, who.organisation.id, (tx) => listUsers(tx));
    return sendPage(reply, <PeopleList view={viewOf(request)} people={people} />);
  });

  app.get('/people/new', async (request, reply) => {
    requirePeopleAbility(request, 'people.manage');
    return sendPage(reply, <NewPersonPage view={viewOf(request)} values={{ name: '', email: '', roles: [] }} errors={{}} />);
  });

  app.post('/people/new', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const values = formValues(request.body);
    try {
      const added = await addUser(db, actorOf(who), { name: values.name, email: values.email, roles: values.roles as never });
      const view = viewOf(request);
      return sendPage(reply, <TemporaryPasswordPage view={view} person={added.user} password={added.temporaryPassword!} title={view.t('people.new_title')} />, 201);
    } catch (error) {
      return sendPage(reply, <NewPersonPage view={viewOf(request)} values={values} errors={formErrors(error)} />, 400);
    }
  });

  app.get('/people/:id', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const person = await readUser(db, actorOf(who), personId(request));
    return sendPage(reply, <EditPersonPage view={viewOf(request, { name: person.name })} person={person} managers={await people(who)}
      values={{ name: person.name, email: person.email, roles: person.roles, managerId: person.managerId ?? '' }} errors={{}} />);
  });

  app.post('/people/:id', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const id = personId(request);
    const values = { ...formValues(request.body), managerId: field(request.body, 'managerId') };
    try {
      await changeUser(db, actorOf(who), id, { name: values.name, email: values.email, roles: values.roles as never, managerId: values.managerId || null });
    } catch (error) {
      const errors = formErrors(error);
      const person = await readUser(db, actorOf(who), id);
      return sendPage(reply, <EditPersonPage view={viewOf(request)} person={person} values={values} errors={errors} managers={await people(who)} />, 400);
    }
    return redirect(reply, `/people/${id}?notice=people.saved`);
  });

  app.post('/people/:id/deactivate', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const id = personId(request);
    await setUserActive(db, actorOf(who), id, false);
    return redirect(reply, `/people/${id}?notice=people.deactivated`);
  });

  app.post('/people/:id/reactivate', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const id = personId(request);
    await setUserActive(db, actorOf(who), id, true);
    return redirect(reply, `/people/${id}?notice=people.reactivated`);
  });

  app.post('/people/:id/reset-second-factor', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const id = personId(request);
    await resetSecondFactor(db, actorOf(who), id);
    return redirect(reply, `/people/${id}?notice=people.second_factor_reset`);
  });

  app.post('/people/:id/reset-password', async (request, reply) => {
    const who = requirePeopleAbility(request, 'people.manage');
    const id = personId(request);
    const password = await resetPassword(db, actorOf(who), id);
    const person = await readUser(db, actorOf(who), id);
    const view = viewOf(request);
    return sendPage(reply, <TemporaryPasswordPage view={view} person={person} password={password} title={view.t('people.reset_password')} />);
  });
}
