import type { z } from 'zod';
import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { isUuid } from '../../validation.js';
import { requireOne, requireRole } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { Incident } from '../incident/incident.js';
import { incidentPolicy } from '../incident/incident.policy.js';
import { findIncident } from '../incident/incident.repository.js';
import type { PerpetratorKind } from '../incident/norm.js';
import { classify, cluesFromText, emptyClues, hasClues, tidyClues } from './identifiers.js';
import type { MatchClues, Perpetrator, PerpetratorHistory, PerpetratorMatch, PerpetratorSummary } from './perpetrator.js';
import { actorOf, existingPerpetrator } from './perpetrator-access.js';
import { perpetratorPolicy } from './perpetrator.policy.js';
import {
  findMatches,
  historyIncidents,
  historyMeasures,
  incidentClues,
  linkedPerpetrators,
  mergedFrom,
  searchPerpetrators,
} from './perpetrator.repository.js';
import type { PerpetratorData, perpetratorFilterSchema } from './perpetrator.schema.js';

/**
 * Every perpetrator shown to someone is a read of criminal-law data: one audit row per record,
 * so "who saw this person" can be answered (AVG art. 15, PRODUCT.md §10).
 */
async function auditShown(tx: Tx, who: SignedIn, ids: readonly string[]): Promise<void> {
  for (const id of new Set(ids)) await audit(tx, actorOf(who), { action: 'perpetrator.list', objectType: 'perpetrator', objectId: id });
}

export interface PerpetratorPage {
  data: PerpetratorSummary[];
  /** Cursor for the next page, absent on the last (and for a search). */
  next?: string;
}

function encodeCursor(p: { name: string; id: string }): string {
  return Buffer.from(JSON.stringify([p.name, p.id])).toString('base64url');
}

function decodeCursor(value: string | undefined): { name: string; id: string } | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString());
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && isUuid(parsed[1])) {
      return { name: parsed[0], id: parsed[1] };
    }
  } catch {
    // A cursor someone made up starts at the beginning.
  }
  return undefined;
}

/** The text searched for, sorted into identifiers: an address, number or account finds its owner. */
function identifiersIn(q: string): Omit<MatchClues, 'names'> {
  const clues = emptyClues();
  classify(q, clues);
  return tidyClues(clues);
}

/** The register: alphabetical a page at a time, or the best matches for q. */
export async function listPerpetrators(tx: Tx, who: SignedIn, filter: z.output<typeof perpetratorFilterSchema>): Promise<PerpetratorPage> {
  requireRole(perpetratorPolicy, who, 'perpetrator.read');
  const data = await searchPerpetrators(tx, {
    q: filter.q,
    kind: filter.kind,
    limit: filter.limit,
    after: filter.q ? undefined : decodeCursor(filter.after),
    identifiers: filter.q ? identifiersIn(filter.q) : undefined,
  });
  await auditShown(
    tx,
    who,
    data.map((p) => p.id),
  );
  const last = data.at(-1);
  return !filter.q && last && data.length === filter.limit ? { data, next: encodeCursor(last) } : { data };
}

function cluesOf(p: Pick<Perpetrator, 'name' | 'aliases' | 'emails' | 'phones' | 'socialAccounts'>): MatchClues {
  return tidyClues({ names: [p.name, ...p.aliases], emails: p.emails, phones: p.phones, accounts: p.socialAccounts });
}

/**
 * One record with its whole history: every incident linked to it — against office holders
 * and employees alike, not only those the viewer handles — and every measure. Audited.
 */
export async function getPerpetrator(tx: Tx, who: SignedIn, id: string): Promise<PerpetratorHistory> {
  requireRole(perpetratorPolicy, who, 'perpetrator.read');
  const perpetrator = await existingPerpetrator(tx, id);
  const incidents = await historyIncidents(tx, perpetrator.id, who.user.id);
  const measures = await historyMeasures(tx, perpetrator.id);
  const merged = await mergedFrom(tx, perpetrator.id);
  const possibleDuplicates = perpetrator.mergedInto
    ? []
    : await findMatches(tx, cluesOf(perpetrator), [perpetrator.id, ...merged.map((m) => m.id)]);
  await audit(tx, actorOf(who), { action: 'perpetrator.read', objectType: 'perpetrator', objectId: perpetrator.id });
  await auditShown(
    tx,
    who,
    possibleDuplicates.map((d) => d.perpetrator.id),
  );
  return { perpetrator, incidents, measures, mergedFrom: merged, possibleDuplicates };
}

export interface IncidentPerpetrators {
  incident: { id: string; number: number | null; perpetrator: Incident['perpetrator'] };
  linked: PerpetratorSummary[];
  /** Existing records that may be the incident's perpetrator, from what the report says. */
  suggestions: PerpetratorMatch[];
  /** What the suggestions were looked up by. */
  clues: MatchClues;
  /** Results of the person's own search, when they searched. */
  results?: PerpetratorSummary[];
}

/** The incident, when the person may see it; otherwise 404, as if it did not exist. */
async function seenIncident(tx: Tx, who: SignedIn, incidentId: string): Promise<Incident> {
  await requireOne(tx, who, incidentPolicy, 'view', incidentId);
  const incident = await findIncident(tx, incidentId);
  if (!incident) throw notFound();
  return incident;
}

/** What a report says about its perpetrator: the name, and identifiers in the details and online data. */
async function cluesOfIncident(tx: Tx, incidentId: string): Promise<MatchClues> {
  const raw = await incidentClues(tx, incidentId);
  const clues = cluesFromText(raw.details, { ...emptyClues(), names: raw.name ? [raw.name] : [] });
  for (const account of raw.accounts) classify(account, clues);
  return tidyClues(clues);
}

/**
 * The records linked to an incident and suggestions for linking, so the same person is not
 * registered twice. Needs perpetrator.read and sight of the incident.
 */
export async function getIncidentPerpetrators(tx: Tx, who: SignedIn, incidentId: string, search?: string): Promise<IncidentPerpetrators> {
  requireRole(perpetratorPolicy, who, 'perpetrator.read');
  const q = search?.trim().slice(0, 300);
  const incident = await seenIncident(tx, who, incidentId);
  const linked = await linkedPerpetrators(tx, incidentId);
  const clues = await cluesOfIncident(tx, incidentId);
  const suggestions = hasClues(clues)
    ? await findMatches(
        tx,
        clues,
        linked.map((p) => p.id),
      )
    : [];
  const results = q ? await searchPerpetrators(tx, { q, limit: 20, identifiers: identifiersIn(q) }) : undefined;
  await auditShown(tx, who, [...linked.map((p) => p.id), ...suggestions.map((s) => s.perpetrator.id), ...(results ?? []).map((p) => p.id)]);
  return {
    incident: { id: incident.id, number: incident.number, perpetrator: incident.perpetrator },
    linked,
    suggestions,
    clues,
    ...(results ? { results } : {}),
  };
}

export interface IncidentPrefill {
  incidentId: string;
  number: number | null;
  kind: PerpetratorKind | null;
  name: string | null;
  clues: MatchClues;
}

/** What the new-record form knows from its incident: the report's kind, name and identifiers. */
export async function incidentPrefill(tx: Tx, who: SignedIn, incidentId: string): Promise<IncidentPrefill> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  const incident = await seenIncident(tx, who, incidentId);
  return {
    incidentId: incident.id,
    number: incident.number,
    kind: incident.perpetrator?.kind ?? null,
    name: incident.perpetrator?.name ?? null,
    clues: await cluesOfIncident(tx, incidentId),
  };
}

/** Existing records like the one about to be registered (validated as it would be saved). */
export async function findDuplicates(tx: Tx, who: SignedIn, data: PerpetratorData): Promise<PerpetratorMatch[]> {
  requireRole(perpetratorPolicy, who, 'perpetrator.manage');
  const matches = await findMatches(tx, cluesOf(data), []);
  await auditShown(
    tx,
    who,
    matches.map((m) => m.perpetrator.id),
  );
  return matches;
}
