import type { Tx } from '../../db/database.js';
import { conflict, notFound, unprocessable } from '../../errors.js';
import { requireOne } from '../access/access.js';
import { audit } from '../audit/audit.js';
import type { SignedIn } from '../auth/session.js';
import type { EvidenceStore } from '../evidence/evidence-store.js';
import { incidentReference, type Incident } from '../incident/incident.js';
import { addEvent, findIncident } from '../incident/incident.repository.js';
import { actorOf } from '../perpetrator/perpetrator-access.js';
import { canPeople } from '../user/user.policy.js';
import { DEFAULT_LETTERS, dutchDate, fillTemplate, type LetterTemplate, type Placeholder, type templateSchema } from './letter-template.js';
import { MEDIA_TYPES, renderLetter, type LetterContent } from './letter-render.js';
import { isInForce, LETTER_KINDS, letterKindOf, type Letter, type LetterFormat, type LetterKind, type Measure } from './measure.js';
import { measurePolicy } from './measure.policy.js';
import { deleteTemplate, findLetter, insertLetter, lettersOf, measuresOf, saveTemplate, storedTemplates } from './measure.repository.js';
import type { z } from 'zod';

/** The organisation's templates, each its own text or else the default. */
export async function loadTemplates(tx: Tx): Promise<LetterTemplate[]> {
  const stored = await storedTemplates(tx);
  return LETTER_KINDS.map((kind) => {
    const own = stored.find((s) => s.kind === kind);
    return own ? { kind, subject: own.subject, body: own.body, customised: true } : { kind, ...DEFAULT_LETTERS[kind], customised: false };
  });
}

/**
 * The municipality's own name, for "de gemeente {gemeentenaam}" and "de burgemeester van
 * {gemeentenaam}": an organisation called "Gemeente Voorbeeld" is "Voorbeeld" there (the letters
 * said "de gemeente Gemeente Voorbeeld").
 */
export function municipalityName(organisation: string): string {
  return organisation.replace(/^\s*gemeente\s+/i, '').trim() || organisation;
}

/** What the letter says about hearing the perpetrator: what was recorded, not a guess at either. */
function hearingSentence(measure: Measure): string {
  switch (measure.hearing?.kind) {
    case 'heard':
      return 'U bent over dit voorval gehoord.';
    case 'not_possible':
      return 'Het was niet mogelijk u over dit voorval te horen.';
    case undefined:
      return '';
  }
}

/** What the placeholders stand for in a letter about this measure. */
export function placeholderValues(measure: Measure, incident: Incident, organisation: string, now: Date): Record<Placeholder, string> {
  const occurred = dutchDate(incident.occurredAt);
  return {
    naam: measure.subjectName ?? '',
    datum: dutchDate(now),
    begindatum: measure.startsOn ? dutchDate(measure.startsOn) : '',
    einddatum: measure.endsOn ? dutchDate(measure.endsOn) : '',
    gemeente: organisation,
    gemeentenaam: municipalityName(organisation),
    adres: measure.subjectAddress ?? '',
    // Written for the letter, never the report: that is the affected person's own account
    // (issue 11 §4, a letter quoted "Ik voel mij onveilig" and their daughter).
    feiten: measure.facts ?? '',
    maatregel: measure.details ?? '',
    horen: hearingSentence(measure),
    incidentdatum: occurred,
    plaats: incident.place ?? '',
    kenmerk: incidentReference(incident),
  };
}

/** A letter without facts written for it is not made: 422, the facts field to fill in. */
export const letterNeedsFacts = () => unprocessable('letter_needs_facts', 'error.letter_needs_facts', 'facts');

const FILE_NAMES: Record<LetterKind, string> = { written_warning: 'schriftelijke-waarschuwing', ban_decision: 'besluit-toegangsverbod' };

/**
 * Produces the letter of a decided written warning or ban from the organisation's template,
 * as DOCX or PDF; the file is stored by its SHA-256 and recorded with the case.
 */
export async function generateLetter(
  tx: Tx,
  store: EvidenceStore,
  who: SignedIn,
  measureId: string,
  { format }: { format: LetterFormat },
): Promise<Letter> {
  await requireOne(tx, who, measurePolicy, 'view', measureId);
  const [measure] = await measuresOf(tx, { id: measureId });
  if (!measure) throw notFound();
  const kind = letterKindOf(measure.kind);
  if (!kind) throw conflict('no_letter', 'error.no_letter');
  if (!isInForce(measure.state)) throw conflict('measure_not_decided', 'error.measure_not_decided');
  if (!measure.subjectName) throw conflict('letter_needs_name', 'error.letter_needs_name');
  if (!measure.facts?.trim()) throw letterNeedsFacts();
  const incident = (await findIncident(tx, measure.incidentId))!;
  const template = (await loadTemplates(tx)).find((t) => t.kind === kind)!;
  const now = new Date();
  const values = placeholderValues(measure, incident, who.organisation.name, now);
  const content: LetterContent = {
    organisation: who.organisation.name,
    date: values.datum,
    reference: values.kenmerk,
    recipient: measure.subjectName,
    recipientAddress: measure.subjectAddress ?? undefined,
    subject: fillTemplate(template.subject, values),
    body: fillTemplate(template.body, values),
  };
  const bytes = await renderLetter(format, content);
  // Stored before the row: a rolled-back transaction leaves at most an unreferenced file.
  const { sha256, size } = await store.put(bytes);
  const fileName = `${FILE_NAMES[kind]}-${values.kenmerk}.${format}`;
  const id = await insertLetter(tx, {
    organisationId: who.organisation.id,
    incidentId: measure.incidentId,
    measureId,
    kind,
    format,
    sha256,
    sizeBytes: size,
    fileName,
    createdBy: who.user.id,
  });
  await addEvent(tx, who.organisation.id, measure.incidentId, who.user.id, 'letter_created', { measureId, letterId: id });
  await audit(tx, actorOf(who), { action: 'letter.create', objectType: 'letter', objectId: id });
  return (await lettersOf(tx, [measureId])).find((l) => l.id === id)!;
}

/** A stored letter's bytes, for the handlers of its incident; the read is audited. */
export async function readLetter(
  tx: Tx,
  store: EvidenceStore,
  who: SignedIn,
  id: string,
): Promise<{ letter: Letter; mediaType: string; bytes: Buffer }> {
  const letter = await findLetter(tx, id);
  if (!letter) throw notFound();
  await requireOne(tx, who, measurePolicy, 'view', letter.measureId);
  await audit(tx, actorOf(who), { action: 'letter.read', objectType: 'letter', objectId: id });
  return { letter, mediaType: MEDIA_TYPES[letter.format], bytes: await store.get(letter.sha256) };
}

function requireSettings(who: SignedIn) {
  if (!canPeople(who.user.roles, 'organisation.settings')) throw notFound();
}

/** The letter templates, for administrators. */
export function getLetterTemplates(tx: Tx, who: SignedIn): Promise<LetterTemplate[]> {
  requireSettings(who);
  return loadTemplates(tx);
}

/** Administrators change a template; letters made from now on use it (earlier ones stay as they were). */
export async function saveLetterTemplate(tx: Tx, who: SignedIn, data: z.output<typeof templateSchema>): Promise<void> {
  requireSettings(who);
  await saveTemplate(tx, who.organisation.id, data.kind, data.subject, data.body);
  await audit(tx, actorOf(who), { action: 'letter_template.update', objectType: 'letter_template', objectId: data.kind });
}

/** Back to the default text. */
export async function resetLetterTemplate(tx: Tx, who: SignedIn, kind: string): Promise<void> {
  requireSettings(who);
  const valid = LETTER_KINDS.find((k) => k === kind);
  if (!valid) throw notFound();
  await deleteTemplate(tx, valid);
  await audit(tx, actorOf(who), { action: 'letter_template.reset', objectType: 'letter_template', objectId: valid });
}
