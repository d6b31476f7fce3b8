import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/database.js';
import { auditChoices, auditFilterSchema, exportAudit, searchAudit } from '../../../domain/accountability/audit-viewer.js';
import type { AuditRow } from '../../../domain/accountability/audit-viewer.repository.js';
import { requireRole } from '../../../domain/access/access.js';
import { accountabilityPolicy } from '../../../domain/accountability/accountability.policy.js';
import { incidentReference } from '../../../domain/incident/incident.js';
import {
  ErrorSummary,
  Heading,
  Input,
  Layout,
  Link,
  Paragraph,
  Select,
  Table,
  TextField,
  type FieldErrors,
} from '../../components/index.js';
import { issueFields, parse, rejectForbiddenCharacters } from '../../../validation.js';
import type { View } from '../../components/view.js';
import { auditCsv, presentAuditRow } from '../../export/audit-export.js';
import { formatDateTime } from '../../i18n/index.js';
import { pageRoute } from '../../pipeline/page-route.js';
import { sendFile } from '../../pipeline/upload.js';

const FILTER_KEYS = ['actor', 'objectType', 'object', 'action', 'from', 'to'] as const;

/** The address of the viewer with these filters (and a cursor), for links that narrow or page. */
export function auditHref(path: string, filter: Partial<Record<(typeof FILTER_KEYS)[number] | 'before', string | undefined>>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

const filterOnly = (f: Partial<Record<(typeof FILTER_KEYS)[number], string>>) =>
  Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]])) as Record<(typeof FILTER_KEYS)[number], string | undefined>;

function objectLabel(row: AuditRow): string {
  if (row.incidentNumber !== null) return `${row.objectType} ${incidentReference({ number: row.incidentNumber })}`;
  return [row.objectType, row.objectId].filter(Boolean).join(' ');
}

function AuditPage({
  view,
  filter,
  rows,
  nextCursor,
  choices,
  errors = {},
}: {
  view: View;
  /** What the form shows: the filter searched by, or what was typed when it did not fit. */
  filter: Partial<Record<(typeof FILTER_KEYS)[number], string>>;
  rows: AuditRow[];
  nextCursor: string | null;
  choices: Awaited<ReturnType<typeof auditChoices>>;
  errors?: FieldErrors;
}) {
  const t = view.t;
  const filters = filterOnly(filter);
  const searched = Object.keys(errors).length === 0;
  const any = (label: string) => [{ value: '', label }];
  return (
    <Layout view={view} title={t('privacy.audit.title')}>
      <Paragraph>{t('privacy.audit.intro')}</Paragraph>
      <ErrorSummary view={view} errors={errors} order={FILTER_KEYS} />
      <form method="get" action="/audit" class="wb-form" role="search" aria-label={t('privacy.audit.search')}>
        <Select
          view={view}
          name="actor"
          label={t('privacy.audit.actor')}
          options={[...any(t('privacy.audit.anyone')), ...choices.people.map((p) => ({ value: p.id, label: p.name }))]}
          value={filter.actor ?? ''}
          errors={errors}
        />
        <Select
          view={view}
          name="objectType"
          label={t('privacy.audit.object_type')}
          options={[...any(t('privacy.audit.any_type')), ...choices.objectTypes.map((o) => ({ value: o, label: o }))]}
          value={filter.objectType ?? ''}
          errors={errors}
        />
        <TextField
          view={view}
          name="object"
          label={t('privacy.audit.object')}
          hint={t('privacy.audit.object_hint')}
          value={filter.object ?? ''}
          errors={errors}
          autocomplete="off"
        />
        <Select
          view={view}
          name="action"
          label={t('privacy.audit.action')}
          options={[...any(t('privacy.audit.any_action')), ...choices.actions.map((a) => ({ value: a, label: a }))]}
          value={filter.action ?? ''}
          errors={errors}
        />
        <Input view={view} type="date" name="from" label={t('privacy.audit.from')} value={filter.from ?? ''} errors={errors} />
        <Input view={view} type="date" name="to" label={t('privacy.audit.to')} value={filter.to ?? ''} errors={errors} />
        <div class="wb-actions">
          <button type="submit" class="utrecht-button utrecht-button--primary-action">
            {t('privacy.audit.submit')}
          </button>
        </div>
      </form>
      {searched && (
        <>
          <Heading level={2}>{t('privacy.audit.results')}</Heading>
          <Paragraph>
            <Link href={auditHref('/audit/export.csv', filters)}>{t('privacy.audit.export_csv')}</Link>
            {' · '}
            <Link href={auditHref('/audit/export.json', filters)}>{t('privacy.audit.export_json')}</Link>
          </Paragraph>
          <Table
            caption={t('privacy.audit.results')}
            captionHidden
            empty={t('privacy.audit.none')}
            columns={[
              { header: t('privacy.audit.col.time'), cell: (r: AuditRow) => formatDateTime(r.occurredAt, view.lang) },
              {
                header: t('privacy.audit.col.actor'),
                rowHeader: true,
                cell: (r) =>
                  r.actor ? <Link href={auditHref('/audit', { actor: r.actor.id })}>{r.actor.name}</Link> : t('privacy.audit.system'),
              },
              { header: t('privacy.audit.col.action'), cell: (r) => r.action },
              {
                header: t('privacy.audit.col.object'),
                breakWords: true,
                cell: (r) =>
                  r.objectType && r.objectId ? (
                    <Link href={auditHref('/audit', { objectType: r.objectType, object: r.objectId })}>{objectLabel(r)}</Link>
                  ) : (
                    objectLabel(r) || '—'
                  ),
              },
              { header: t('privacy.audit.col.result'), cell: (r) => t(`privacy.audit.result.${r.result}`) },
            ]}
            rows={rows}
          />
          {nextCursor && (
            <Paragraph>
              <Link href={auditHref('/audit', { ...filters, before: nextCursor })}>{t('privacy.audit.older')}</Link>
            </Paragraph>
          )}
        </>
      )}
    </Layout>
  );
}

/** /audit: the audit viewer for the administrator and the privacy officer, with its CSV and JSON exports. */
export function auditPageRoutes(app: FastifyInstance, db: Db) {
  pageRoute(app, db, {
    url: '/audit',
    // The filter is read here, not by the route: a search that does not fit says why instead of
    // quietly showing everything.
    handler: async ({ tx, who, view, request }) => {
      const choices = await auditChoices(tx, who);
      rejectForbiddenCharacters(request.query);
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const parsed = auditFilterSchema.safeParse(raw);
      if (!parsed.success) {
        const typed = Object.fromEntries(FILTER_KEYS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : undefined]));
        return <AuditPage view={view} filter={typed} rows={[]} nextCursor={null} choices={choices} errors={issueFields(parsed.error)} />;
      }
      const page = await searchAudit(tx, who, { ...parsed.data, limit: 50 });
      return <AuditPage view={view} filter={parsed.data} rows={page.rows} nextCursor={page.nextCursor} choices={choices} />;
    },
  });

  for (const format of ['csv', 'json'] as const)
    pageRoute(app, db, {
      url: `/audit/export.${format}`,
      // Strict as the API: a filter that does not fit is refused, never widened to the whole trail.
      handler: async ({ tx, who, reply, request }) => {
        // For whom the trail does not exist, not even a bad filter is answered (404 before 400).
        requireRole(accountabilityPolicy, who, 'audit.read');
        const rows = await exportAudit(tx, who, parse(auditFilterSchema, request.query ?? {}), format);
        const bytes =
          format === 'csv' ? auditCsv(rows, request.t) : Buffer.from(JSON.stringify({ data: rows.map(presentAuditRow) }, null, 2));
        const mediaType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json';
        return sendFile(reply, { fileName: `audit.${format}`, mediaType, sha256: createHash('sha256').update(bytes).digest('hex') }, bytes);
      },
    });
}
