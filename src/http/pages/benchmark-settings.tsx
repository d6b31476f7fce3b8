import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { ORGANISATION_KINDS, SIZE_CLASSES, type BenchmarkProfile } from '../../domain/insight/benchmark.js';
import { benchmarkSettings, changeBenchmarkSettings } from '../../domain/insight/benchmark-figures.js';
import {
  Checkbox,
  ErrorSummary,
  Form,
  Layout,
  Paragraph,
  RadioGroup,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../components/index.js';
import type { View } from '../components/view.js';
import { actorOf } from '../context.js';
import { formCheckbox } from '../forms.js';
import { formRoute, pageRoute } from '../pipeline/page-route.js';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blank = (v: unknown) => {
  const value = first(v);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
/** A headcount: a whole number in range, or empty (needed only to take part). */
const headcount = (max: number, message: string) =>
  z.preprocess(
    (v) => (blank(v) === undefined ? undefined : Number(blank(v))),
    z.number({ error: message }).int(message).min(1, message).max(max, message).optional(),
  );

const benchmarkForm = z.object({
  participating: formCheckbox(),
  kind: z.preprocess(blank, z.enum(ORGANISATION_KINDS, { error: 'benchmark.error.kind' }).optional()),
  sizeClass: z.preprocess(blank, z.enum(SIZE_CLASSES, { error: 'benchmark.error.size_class' }).optional()),
  officeHolders: headcount(10_000, 'benchmark.error.office_holders'),
  employees: headcount(1_000_000, 'benchmark.error.employees'),
});

const valuesOf = (p: BenchmarkProfile): Record<string, string> => ({
  ...(p.participating ? { participating: 'on' } : {}),
  kind: p.kind ?? '',
  sizeClass: p.sizeClass ?? '',
  officeHolders: p.officeHolders === null ? '' : String(p.officeHolders),
  employees: p.employees === null ? '' : String(p.employees),
});

function BenchmarkSettingsPage({ view, values, errors }: { view: View; values: Record<string, string>; errors: FieldErrors }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('benchmark.settings_title')}>
      <Paragraph>{t('benchmark.settings_intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <Form view={view} action="/settings/benchmark">
        <Checkbox
          name="participating"
          label={t('benchmark.participating')}
          checked={values.participating === 'on'}
          hint={t('benchmark.participating_hint')}
        />
        <RadioGroup
          view={view}
          name="kind"
          legend={t('benchmark.kind')}
          value={values.kind}
          errors={errors}
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`benchmark.kind.${k}`) }))}
        />
        <RadioGroup
          view={view}
          name="sizeClass"
          legend={t('benchmark.size_class')}
          value={values.sizeClass}
          errors={errors}
          options={SIZE_CLASSES.map((s) => ({ value: s, label: t(`benchmark.size.${s}`) }))}
        />
        <TextField
          view={view}
          name="officeHolders"
          label={t('benchmark.office_holders')}
          hint={t('benchmark.office_holders_hint')}
          value={values.officeHolders}
          errors={errors}
          inputMode="numeric"
          autocomplete="off"
        />
        <TextField
          view={view}
          name="employees"
          label={t('benchmark.employees')}
          hint={t('benchmark.employees_hint')}
          value={values.employees}
          errors={errors}
          inputMode="numeric"
          autocomplete="off"
        />
        <SubmitButton>{t('benchmark.save')}</SubmitButton>
      </Form>
    </Layout>
  );
}

/** /settings/benchmark: the administrator opts the organisation in or out (anyone else: 404). */
export function benchmarkSettingsRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/settings/benchmark',
    handler: async ({ tx, who, view }) => (
      <BenchmarkSettingsPage view={view} values={valuesOf(await benchmarkSettings(tx, who))} errors={{}} />
    ),
  });

  formRoute(app, db, {
    url: '/settings/benchmark',
    form: benchmarkForm,
    generalField: 'participating',
    command: async ({ tx, who, form }) => {
      await changeBenchmarkSettings(tx, who, actorOf(who), {
        participating: form.participating,
        kind: form.kind ?? null,
        sizeClass: form.sizeClass ?? null,
        officeHolders: form.officeHolders ?? null,
        employees: form.employees ?? null,
      });
      return '/settings/benchmark?notice=settings.saved';
    },
    render: async ({ tx, who, view, values, errors }) => {
      await benchmarkSettings(tx, who);
      return <BenchmarkSettingsPage view={view} values={values} errors={errors} />;
    },
  });
}
