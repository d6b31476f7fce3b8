import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../../db/database.js';
import { incidentReference, type IncidentSummary } from '../../../domain/incident/incident.js';
import { listIncidents } from '../../../domain/incident/incident-queries.js';
import { listFilterSchema } from '../../../domain/incident/incident.schema.js';
import { BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, STATUSES, TARGETS } from '../../../domain/incident/norm.js';
import { GROUPS, ROLES } from '../../../domain/user/roles.js';
import {
  Button,
  ButtonRow,
  Checkbox,
  ErrorSummary,
  Input,
  Layout,
  Link,
  Paragraph,
  Select,
  Table,
  type FieldErrors,
  type TableColumn,
} from '../../components/index.js';
import type { View } from '../../components/view.js';
import { formatDateTime } from '../../i18n/index.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { issueFields } from '../../../validation.js';
import { sendPage } from '../../render.js';

const FILTERS = ['level', 'status', 'channel', 'behaviour', 'target', 'perpetrator_kind', 'group', 'role', 'from', 'to', 'mine'] as const;

function IncidentTable({
  view,
  caption,
  incidents,
  filtered,
}: {
  view: View;
  caption: string;
  incidents: IncidentSummary[];
  filtered: boolean;
}) {
  const t = view.t;
  // One reason for every row (the adviser: always informed) is said once, not on each row.
  const reasons = new Set(incidents.map((i) => i.access));
  const [onlyReason] = reasons.size === 1 ? [...reasons] : [];
  const columns: TableColumn<IncidentSummary>[] = [
    {
      header: t('incidents.reference'),
      cell: (i) => <Link href={`/incidents/${i.id}`}>{incidentReference(i, t('incident.draft_reference'))}</Link>,
    },
    { header: t('incidents.occurred'), cell: (i) => formatDateTime(i.occurredAt, view.lang) },
    { header: t('incidents.level'), cell: (i) => t(`level.${i.level}`) },
    { header: t('incidents.channel'), cell: (i) => t(`channel.${i.channel}`) },
    { header: t('incidents.status'), cell: (i) => t(`status.${i.status}`) },
  ];
  if (!onlyReason) columns.push({ header: t('incidents.access'), cell: (i) => t(`access.${i.access}`) });
  return (
    <>
      {onlyReason && <Paragraph>{t('incidents.access_same', { reason: t(`access.${onlyReason}`) })}</Paragraph>}
      <Table
        caption={caption}
        captionHidden
        empty={t(filtered ? 'incidents.none' : 'incidents.none_yet')}
        rows={incidents}
        columns={columns}
      />
    </>
  );
}

function ListPage({
  view,
  query,
  incidents,
  next,
  errors,
}: {
  view: View;
  query: Record<string, string>;
  incidents: IncidentSummary[];
  next?: string;
  errors: FieldErrors;
}) {
  const t = view.t;
  const title = query.mine === 'true' ? t('incidents.mine_title') : t('incidents.title');
  const all = { value: '', label: t('incidents.all') };
  const nextQuery = new URLSearchParams({
    ...Object.fromEntries(FILTERS.filter((f) => query[f]).map((f) => [f, query[f]!])),
    ...(next ? { after: next } : {}),
  });
  return (
    <Layout view={view} title={title}>
      <Paragraph>{t('incidents.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} />
      <form method="get" action="/incidents" class="wb-form wb-filters" aria-label={t('incidents.filter')}>
        <div class="wb-field-row">
          <Select
            view={view}
            name="level"
            label={t('incidents.level')}
            value={query.level}
            errors={errors}
            options={[all, ...LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))]}
          />
          <Select
            view={view}
            name="status"
            label={t('incidents.status')}
            value={query.status}
            errors={errors}
            options={[all, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
          />
          <Select
            view={view}
            name="channel"
            label={t('incidents.channel')}
            value={query.channel}
            errors={errors}
            options={[all, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]}
          />
          <Select
            view={view}
            name="behaviour"
            label={t('incidents.behaviour')}
            value={query.behaviour}
            errors={errors}
            options={[all, ...BEHAVIOURS.map((b) => ({ value: b, label: t(`behaviour.${b}`) }))]}
          />
          <Select
            view={view}
            name="target"
            label={t('incidents.target')}
            value={query.target}
            errors={errors}
            options={[all, ...TARGETS.map((x) => ({ value: x, label: t(`target.${x}`) }))]}
          />
          <Select
            view={view}
            name="perpetrator_kind"
            label={t('incidents.perpetrator_kind')}
            value={query.perpetrator_kind}
            errors={errors}
            options={[all, ...[...PERPETRATOR_KINDS, 'unknown' as const].map((k) => ({ value: k, label: t(`perpetrator.${k}`) }))]}
          />
          <Select
            view={view}
            name="group"
            label={t('incidents.group')}
            value={query.group}
            errors={errors}
            options={[all, ...GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))]}
          />
          <Select
            view={view}
            name="role"
            label={t('incidents.role')}
            value={query.role}
            errors={errors}
            options={[all, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]}
          />
          <Input view={view} name="from" type="date" label={t('incidents.from')} value={query.from} errors={errors} />
          <Input view={view} name="to" type="date" label={t('incidents.to')} value={query.to} errors={errors} />
        </div>
        <Checkbox name="mine" label={t('incidents.mine')} checked={query.mine === 'true'} />
        <ButtonRow>
          <Button variant="secondary">{t('incidents.apply')}</Button>
        </ButtonRow>
      </form>
      <IncidentTable
        view={view}
        caption={title}
        incidents={incidents}
        filtered={FILTERS.some((f) => query[f] && !(f === 'mine' && query[f] === 'false'))}
      />
      {next && (
        <Paragraph>
          <Link href={`/incidents?${nextQuery.toString()}`} rel="next">
            {t('incidents.next')}
          </Link>
        </Paragraph>
      )}
    </Layout>
  );
}

/** The filters as typed in the address; checked by the domain's list filter below, so a bad one gets a message. */
const rawFilters = z.object(
  Object.fromEntries([...FILTERS, 'after'].map((f) => [f, z.string().optional()])) as Record<
    (typeof FILTERS)[number] | 'after',
    z.ZodOptional<z.ZodString>
  >,
);

export function incidentListRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/incidents',
    query: rawFilters,
    handler: async ({ tx, who, query: raw, view, reply }) => {
      const query: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw)) {
        if (value) query[name] = name === 'mine' ? (value === 'on' || value === 'true' ? 'true' : 'false') : value;
      }
      const filter = listFilterSchema.safeParse(query);
      if (!filter.success)
        return sendPage(reply, <ListPage view={view} query={query} incidents={[]} errors={issueFields(filter.error)} />, 400);
      const page = await listIncidents(tx, who, filter.data);
      return <ListPage view={view} query={query} incidents={page.data} next={page.next} errors={{}} />;
    },
  });
}
