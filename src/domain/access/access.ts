import type { Tx } from '../../db/database.js';
import { notFound } from '../../errors.js';
import type { SignedIn } from '../auth/session.js';

/**
 * Authorization as data, one policy module per resource (incident, case, measure, …). A
 * policy says, from facts alone, what a person may do with one object; `load` finds those
 * facts for a whole set of ids in one query. Pages render their buttons from the same
 * `abilitiesOf` answer that the commands check, so the two never disagree.
 */
export interface Policy<Subject, Ability extends string> {
  readonly resource: string;
  readonly abilities: readonly Ability[];
  /** The facts of the objects that exist among `ids` (in this organisation), keyed by id. */
  load(tx: Tx, who: SignedIn, ids: readonly string[]): Promise<Map<string, Subject>>;
  /** What the person may do with one object. Pure: no database, no clock unless in the facts. */
  abilitiesOf(who: SignedIn, subject: Subject): readonly Ability[];
}

/** Whether the person may do this with the object. */
export function can<S, A extends string>(policy: Policy<S, A>, who: SignedIn, ability: A, subject: S): boolean {
  return policy.abilitiesOf(who, subject).includes(ability);
}

/** The allowed subset of a set of ids, with their facts: missing and forbidden ids alike are left out. */
export async function allowedSubset<S, A extends string>(
  tx: Tx,
  who: SignedIn,
  policy: Policy<S, A>,
  ability: A,
  ids: readonly string[],
): Promise<Map<string, S>> {
  const unique = [...new Set(ids)];
  const subjects = unique.length === 0 ? new Map<string, S>() : await policy.load(tx, who, unique);
  return new Map([...subjects].filter(([, subject]) => can(policy, who, ability, subject)));
}

/**
 * Every id must be allowed; otherwise 404 — exactly as if the object did not exist, so
 * that nobody learns whether a case exists. Returns the facts in the order of `ids`.
 */
export async function requireAccess<S, A extends string>(
  tx: Tx,
  who: SignedIn,
  policy: Policy<S, A>,
  ability: A,
  ids: readonly string[],
): Promise<S[]> {
  const allowed = await allowedSubset(tx, who, policy, ability, ids);
  return ids.map((id) => {
    const subject = allowed.get(id);
    if (subject === undefined) throw notFound();
    return subject;
  });
}

/** requireAccess for one id: its facts. */
export async function requireOne<S, A extends string>(tx: Tx, who: SignedIn, policy: Policy<S, A>, ability: A, id: string): Promise<S> {
  const [subject] = await requireAccess(tx, who, policy, ability, [id]);
  return subject!;
}

/**
 * A policy over the organisation as a whole (people, settings, the perpetrator register):
 * no object to load, the abilities follow from roles alone.
 */
export interface RolePolicy<Ability extends string> {
  readonly resource: string;
  readonly abilities: readonly Ability[];
  abilitiesOf(who: Pick<SignedIn, 'user'>): readonly Ability[];
}

/** Role policy check; without the ability the thing is not there (404). */
export function requireRole<A extends string>(policy: RolePolicy<A>, who: Pick<SignedIn, 'user'>, ability: A): void {
  if (!policy.abilitiesOf(who).includes(ability)) throw notFound();
}
