import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { changeRouting, getRouting } from '../../domain/routing/change-routing.js';
import type { Routing } from '../../domain/routing/routing.js';
import { ROLES } from '../../domain/user/roles.js';
import { AppError } from '../../errors.js';
import { Checkbox } from '../components/fields.js';
import { CheckboxGroup, ErrorSummary, Form, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { View } from '../components/view.js';
import { field, fieldList, redirect, requirePeopleAbility } from '../context.js';
import { sendPage, viewOf } from '../render.js';

function RoutingPage({ view, routing, errors }: { view: View; routing: Routing; errors: FieldErrors }) {
  const t = view.t;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout view={view} title={t('routing.title')}>
      <p class="utrecht-paragraph">{t('routing.intro')}</p>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/routing">
        {ROLES.map((role) => {
          const index = routing.rules.findIndex((r) => r.affectedRole === role);
          const rule = routing.rules[index];
          return (
            <fieldset class="utrecht-form-fieldset wb-rule">
              <legend class="utrecht-form-fieldset__legend">{t('routing.affected')}: {t(`role.${role}`)}</legend>
              <div class="utrecht-form-field utrecht-form-field--text">
                <div class="utrecht-form-field__label">
                  <label class="utrecht-form-label" for={`field-position_${role}`}>{t('routing.position')}</label>
                </div>
                <div class="utrecht-form-field__input">
                  <input class="utrecht-textbox utrecht-textbox--html-input wb-narrow" type="number" min={1} max={99} id={`field-position_${role}`}
                    name={`position_${role}`} value={String(index >= 0 ? index + 1 : ROLES.indexOf(role) + 1)} />
                </div>
              </div>
              <CheckboxGroup view={view} name={`inform_${role}`} legend={t('routing.inform')} checked={rule?.informRoles ?? []} errors={errors} options={roleOptions} />
              <Checkbox name={`manager_${role}`} label={t('routing.manager')} checked={rule?.informManager ?? false} />
            </fieldset>
          );
        })}
        <CheckboxGroup view={view} name="always" legend={t('routing.always')} checked={routing.alwaysInform} errors={errors} options={roleOptions} />
        <div class="wb-actions"><button type="submit" class="utrecht-button utrecht-button--primary-action">{t('routing.save')}</button></div>
      </Form>
    </Layout>
  );
}

export function routingPageRoutes(app: FastifyInstance, db: Db) {
  app.get('/settings/routing', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    return sendPage(reply, <RoutingPage view={viewOf(request)} routing={await getRouting(db, who)} errors={{}} />);
  });

  app.post('/settings/routing', async (request, reply) => {
    const who = requirePeopleAbility(request, 'organisation.settings');
    const body = request.body;
    const rules = ROLES.map((role) => ({
      affectedRole: role,
      informRoles: fieldList(body, `inform_${role}`),
      informManager: field(body, `manager_${role}`) === 'on',
      position: Number(field(body, `position_${role}`)) || 99,
    }))
      .filter((r) => r.informRoles.length > 0 || r.informManager)
      .sort((a, b) => a.position - b.position)
      .map(({ position: _position, ...rule }) => rule);
    try {
      await changeRouting(db, who, { rules, alwaysInform: fieldList(body, 'always') });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      return sendPage(reply, <RoutingPage view={viewOf(request)} routing={await getRouting(db, who)} errors={{ always: error.messageKey }} />, 400);
    }
    return redirect(reply, '/settings/routing?notice=routing.saved');
  });
}
