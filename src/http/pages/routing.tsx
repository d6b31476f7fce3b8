import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { changeRouting, getRouting } from '../../domain/routing/change-routing.js';
import { previewRecipients, type Routing } from '../../domain/routing/routing.js';
import { listUsers } from '../../domain/user/user.repository.js';
import type { User } from '../../domain/user/user.js';
import { namesWithRoles } from './incidents/detail.js';
import { routingPolicy } from '../../domain/routing/routing.policy.js';
import { INFORMABLE_ROLES, ROLES } from '../../domain/user/roles.js';
import { requireRole } from '../../domain/access/access.js';
import {
  Button,
  ButtonRow,
  Checkbox,
  CheckboxGroup,
  DataList,
  DataRow,
  ErrorSummary,
  Form,
  Heading,
  Layout,
  Paragraph,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { formCheckbox, formCheckboxes, formInteger } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

/** "a report about a council member informs: …", with the people by name and role, as routing is now. */
function RoutingPreviewList({ view, routing, people }: { view: View; routing: Routing; people: User[] }) {
  const t = view.t;
  const everyone = people.map((p) => ({ id: p.id, roles: p.roles, active: p.active, managerId: p.managerId }));
  const byId = (ids: string[]) => people.filter((p) => ids.includes(p.id));
  return (
    <section aria-labelledby="routing-preview">
      <Heading level={2} id="routing-preview">
        {t('routing.preview')}
      </Heading>
      <Paragraph>{t('routing.preview_intro')}</Paragraph>
      <DataList>
        {ROLES.map((role) => {
          const preview = previewRecipients(routing, role, everyone);
          const parts = [
            preview.routed.length > 0 ? namesWithRoles(view, byId(preview.routed)) : '',
            preview.manager ? t('routing.preview_manager') : '',
            preview.always.length > 0 ? t('routing.preview_always', { names: namesWithRoles(view, byId(preview.always)) }) : '',
          ].filter(Boolean);
          return (
            <DataRow label={t('routing.preview_role', { role: t(`role.${role}`).toLocaleLowerCase(view.lang) })}>
              {parts.join('; ') || t('routing.preview_nobody')}
            </DataRow>
          );
        })}
      </DataList>
    </section>
  );
}

function RoutingPage({ view, routing, errors, people }: { view: View; routing: Routing; errors: FieldErrors; people: User[] }) {
  const t = view.t;
  // Roles without a rule come after the rules, each with a number of its own (two rules never show the same number).
  const unruled = ROLES.filter((r) => !routing.rules.some((rule) => rule.affectedRole === r));
  const roleOptions = INFORMABLE_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout view={view} title={t('routing.title')}>
      <Paragraph>{t('routing.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/routing">
        {ROLES.map((role) => {
          const index = routing.rules.findIndex((r) => r.affectedRole === role);
          const rule = routing.rules[index];
          return (
            <fieldset class="utrecht-form-fieldset wb-rule">
              <legend class="utrecht-form-fieldset__legend">
                {t('routing.affected')}: {t(`role.${role}`)}
              </legend>
              <div class="utrecht-form-field utrecht-form-field--text">
                <div class="utrecht-form-field__label">
                  <label class="utrecht-form-label" for={`field-position_${role}`}>
                    {t('routing.position')}
                  </label>
                </div>
                <div class="utrecht-form-field__input">
                  <input
                    class="utrecht-textbox utrecht-textbox--html-input wb-narrow"
                    type="number"
                    min={1}
                    max={99}
                    id={`field-position_${role}`}
                    name={`position_${role}`}
                    value={String(index >= 0 ? index + 1 : routing.rules.length + unruled.indexOf(role) + 1)}
                  />
                </div>
              </div>
              <CheckboxGroup
                view={view}
                name={`inform_${role}`}
                legend={t('routing.inform')}
                checked={rule?.informRoles ?? []}
                errors={errors}
                options={roleOptions}
              />
              <Checkbox name={`manager_${role}`} label={t('routing.manager')} checked={rule?.informManager ?? false} />
            </fieldset>
          );
        })}
        <CheckboxGroup
          view={view}
          name="always"
          legend={t('routing.always')}
          checked={routing.alwaysInform}
          errors={errors}
          options={roleOptions}
        />
        <ButtonRow>
          <Button variant="primary">{t('routing.save')}</Button>
        </ButtonRow>
      </Form>
      <RoutingPreviewList view={view} routing={routing} people={people} />
    </Layout>
  );
}

/** Per affected role: its position, whom to inform, whether their manager; and the always-inform roles. */
const routingForm = z.object({
  ...Object.fromEntries(
    ROLES.flatMap((role) => [
      [`inform_${role}`, formCheckboxes(INFORMABLE_ROLES, 'error.role_invalid')],
      [`manager_${role}`, formCheckbox()],
      // An empty or odd position puts the rule last, as it always has.
      [`position_${role}`, formInteger('error.invalid', 1, 99).catch(99)],
    ]),
  ),
  always: formCheckboxes(INFORMABLE_ROLES, 'error.role_invalid'),
}) as unknown as z.ZodType<RoutingFields>;

type RoleList = (typeof ROLES)[number][];
/** The fields are made per role above; zod cannot name them from a list, so their type is said here. */
type RoutingFields = Partial<
  Record<`inform_${string}`, RoleList> & Record<`manager_${string}`, boolean> & Record<`position_${string}`, number>
> & { always: RoleList };

export function routingPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/settings/routing',
    handler: async ({ tx, who, view }) => (
      <RoutingPage view={view} routing={await getRouting(tx, who)} errors={{}} people={await listUsers(tx)} />
    ),
  });

  formRoute(app, db, {
    url: '/settings/routing',
    form: routingForm,
    generalField: 'always',
    command: async ({ tx, who, form }) => {
      const rules = ROLES.map((role) => ({
        affectedRole: role,
        informRoles: [...new Set(form[`inform_${role}`] ?? [])],
        informManager: form[`manager_${role}`] ?? false,
        position: form[`position_${role}`] ?? 99,
      }))
        .filter((r) => r.informRoles.length > 0 || r.informManager)
        .sort((a, b) => a.position - b.position)
        .map(({ position: _position, ...rule }) => rule);
      await changeRouting(tx, who, { rules, alwaysInform: [...new Set(form.always)] });
      return '/settings/routing?notice=routing.saved';
    },
    render: async ({ tx, who, view, errors }) => {
      // Someone without the right sees no form to fix: the page is not there for them.
      requireRole(routingPolicy, who, 'change');
      const fields = Object.fromEntries(
        Object.entries(errors).map(([k, v]) => [k.startsWith('inform_') || k.startsWith('always') ? 'always' : k, v]),
      );
      return <RoutingPage view={view} routing={await getRouting(tx, who)} errors={fields} people={await listUsers(tx)} />;
    },
  });
}
