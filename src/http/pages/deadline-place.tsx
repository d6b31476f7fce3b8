import { isMeasureDeadline, type Deadline, type DeadlineKind, type ORGANISATION_DEADLINE_KINDS } from '../../domain/deadline/deadline.js';
import { incidentReference } from '../../domain/incident/incident.js';
import { Link } from '../components/index.js';

type OrganisationDeadlineKind = (typeof ORGANISATION_DEADLINE_KINDS)[number];

/**
 * Where the organisation's own duties are done, by kind: the page of the record the
 * deadline is about (its subject). Every organisation deadline kind must have a place.
 */
const ORGANISATION_PLACES: Partial<Record<DeadlineKind, (subjectId: string) => string>> = {
  risk_assessment: (id) => `/risk-assessments/${id}`,
  data_request: (id) => `/requests/${id}`,
  access_review: (id) => `/access-reviews/${id}`,
  // Both are about a council term (their subject); the sessions are planned on the training page.
  term_start_session: () => '/training',
  casuistry_session: () => '/training',
} satisfies Record<OrganisationDeadlineKind, (subjectId: string) => string>;

/** Where the work of a deadline is done: a part of its incident, or the record it is about. */
export function workPage(d: Pick<Deadline, 'incidentId' | 'kind' | 'subjectId'>): string {
  if (!d.incidentId) return (d.subjectId && ORGANISATION_PLACES[d.kind]?.(d.subjectId)) || '/tasks';
  const part = d.kind.startsWith('aftercare_') ? 'aftercare' : isMeasureDeadline(d.kind) ? 'measures' : 'case';
  return `/incidents/${d.incidentId}/${part}`;
}

/** The incident a deadline belongs to, as a link; a dash for the organisation's own duties. */
export function DeadlineIncident({ d }: { d: Pick<Deadline, 'incidentId' | 'incidentNumber'> }) {
  if (!d.incidentId) return <>—</>;
  return <Link href={`/incidents/${d.incidentId}`}>{incidentReference({ number: d.incidentNumber })}</Link>;
}
