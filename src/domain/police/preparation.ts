import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import { casePolicy } from '../case/case.policy.js';
import { incidentReference, type Incident } from '../incident/incident.js';
import { findIncident, onlineMessages } from '../incident/incident.repository.js';
import { linkedPerpetrators } from '../perpetrator/perpetrator.repository.js';
import type { PerpetratorKind } from '../incident/norm.js';
import { canCase } from '../case/case.policy.js';
import { policeMotiveOf, setPoliceMotive } from './police.repository.js';
import { z } from 'zod';

/**
 * The 7 W's of the police information form (who, what, where, with what, how, when, why),
 * filled from the incident, so the authorised representative can file the report at once
 * (PRODUCT.md §4). For the case handlers only; every preparation is audited.
 */
export interface Preparation {
  reference: string;
  incident: Incident;
  urls: string[];
  /** The perpetrators linked from the register: the "who" once a handler knows it. */
  perpetrators: { kind: PerpetratorKind; name: string; aliases: string[]; identifiers: string[] }[];
  /** The "why", as a handler wrote it down; null while nobody has. */
  motive: string | null;
}

export async function preparePoliceReport(tx: Tx, who: SignedIn, incidentId: string): Promise<Preparation> {
  await requireOne(tx, who, casePolicy, 'police.prepare', incidentId);
  const incident = await findIncident(tx, incidentId);
  if (!incident) throw notFound();
  const urls = (await onlineMessages(tx, incidentId)).map((m) => m.url).filter((u): u is string => u !== null);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    // A read (the 7 W's with the perpetrators' details), named as reads are: *.read.
    { action: 'police.preparation.read', objectType: 'incident', objectId: incidentId },
  );
  // The register's identifiers go along only for those who may read the register.
  const mayReadRegister = canCase(who.user.roles, 'perpetrator.read');
  const perpetrators = (await linkedPerpetrators(tx, incidentId)).map((p) => ({
    kind: p.kind,
    name: p.name,
    aliases: p.aliases,
    identifiers: mayReadRegister ? [...p.socialAccounts, ...p.emails, ...p.phones] : [],
  }));
  return { reference: incidentReference(incident), incident, urls, perpetrators, motive: await policeMotiveOf(tx, incidentId) };
}

export const motiveSchema = z.object({
  motive: z
    .string()
    .trim()
    .max(5000, 'error.text_too_long')
    .transform((v) => v || null),
});

/** A handler writes down the "why" of the 7 W's (the cause, as far as known); audited. */
export async function recordPoliceMotive(tx: Tx, who: SignedIn, incidentId: string, data: z.output<typeof motiveSchema>): Promise<void> {
  await requireOne(tx, who, casePolicy, 'police.prepare', incidentId);
  await setPoliceMotive(tx, incidentId, data.motive);
  await audit(
    tx,
    { organisationId: who.organisation.id, userId: who.user.id, originIp: who.originIp },
    { action: 'police.motive', objectType: 'incident', objectId: incidentId },
  );
}
