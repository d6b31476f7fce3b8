import { withOrganisation, type Db } from '../db/database.js';
import type { SignedIn } from '../domain/auth/session.js';
import { addProtocolVersion } from '../domain/evaluation/evaluations.js';
import { incidentReference } from '../domain/incident/incident.js';
import { findOwnOrganisation } from '../domain/organisation/organisation.repository.js';
import { addDiscussedIncident, planSession, recordSessionHeld, recordTerm } from '../domain/training/training-sessions.js';
import { findUser } from '../domain/user/user.repository.js';
import { amsterdamToday } from '../time/amsterdam.js';
import type { DemoKey } from './demo-incidents.js';

const daysFrom = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Dutch councils are elected every four years in March (2022, 2026, 2030); the new term starts at the end of the month. */
export function currentTermStart(today: string): string {
  let year = Number(today.slice(0, 4));
  while (year % 4 !== 2 || `${year}-03-30` > today) year--;
  return `${year}-03-30`;
}

const PROTOCOL_SUMMARY =
  'Emotie mag, agressie niet. Gaat gedrag over de grens — gericht op u ("jij"), dreigend of intimiderend, of fysiek — dan meldt u het altijd. Bij twijfel vraagt u de burgemeester of de griffier.';
const PROTOCOL_BODY = `Protocol agressie en geweld tegen politieke ambtsdragers, Gemeente Voorbeeld.

1. De norm. Emotioneel gedrag ("ik", "jullie") is toegestaan. Verbale agressie, bedreiging en intimidatie, en fysiek geweld zijn dat niet, gericht op de ambtsdrager of de directe omgeving: familie, vrienden, huisdieren, eigendommen.

2. Melden. Elk incident dat over de grens gaat wordt intern gemeld in Weerbaar, welk kanaal ook. Raads- en fractieleden melden bij de griffier, wethouders bij de burgemeester, de burgemeester bij de gemeentesecretaris. De aangewezen adviseur wordt van alle incidenten op de hoogte gebracht.

3. Tijdens een incident. Beëindig het gesprek; druk in kantoortijd op de alarmknop, bel daarbuiten 112. Eigen veiligheid gaat voor.

4. Opvolging en nazorg. Binnen 24 uur een reactie naar de veroorzaker; drie nazorggesprekken; aangifte met toestemming van de getroffene.`;

/**
 * This term's dialogue and training (issue 13 §4): the term recorded, the start-of-term
 * session held with who attended, a casuistry session planned with an incident to discuss,
 * and the national training for mayors; and the protocol as two versions. Through the use
 * cases, as the clerk. Once: nothing is added when sessions exist.
 */
export async function fillDemoTraining(db: Db, organisationId: string, people: ReadonlyMap<DemoKey, string>): Promise<void> {
  await withOrganisation(db, organisationId, async (tx) => {
    if (await tx.selectFrom('trainingSession').select('id').limit(1).executeTakeFirst()) return;
    const organisation = (await findOwnOrganisation(tx))!;
    const clerkId = people.get('griffier');
    const clerk = clerkId ? await findUser(tx, clerkId) : undefined;
    if (!clerk) return;
    const who: SignedIn = { user: clerk, organisation, stage: 'complete', originIp: null };
    const id = (key: DemoKey) => people.get(key);
    const officeHolders = (['burgemeester', 'wethouder', 'raadslid', 'fractielid'] as const).map(id).filter((x): x is string => !!x);
    const today = amsterdamToday();

    await addProtocolVersion(tx, who, {
      summary: 'Emotie mag, agressie niet. Verbale agressie die aanhoudt, bedreiging en fysiek geweld meldt u altijd.',
      body: PROTOCOL_BODY,
      changes: 'Eerste versie van het protocol, na het model van de VNG.',
      decidedOn: '2024-06-04',
      decidedBy: 'College van burgemeester en wethouders',
    });
    await addProtocolVersion(tx, who, {
      summary: PROTOCOL_SUMMARY,
      body: `${PROTOCOL_BODY}\n\n5. Online. Berichten op sociale media die over de grens gaan worden bewaard als bewijs en gemeld; het platform wordt ingelicht.`,
      changes: 'Paragraaf over online intimidatie toegevoegd (uitkomst van de casuïstiekbijeenkomst); meldroute bij twijfel verduidelijkt.',
      decidedOn: daysFrom(today, -60),
      decidedBy: 'College van burgemeester en wethouders',
    });

    const startsOn = currentTermStart(today);
    await recordTerm(tx, who, { startsOn });
    const startDay = daysFrom(startsOn, 21);
    const start = await planSession(tx, who, {
      kind: 'term_start',
      title: 'Veilig en integer werken in de nieuwe raadsperiode',
      plannedOn: startDay,
      location: 'Raadszaal',
      topics: [],
      description: 'Met de adviseur OOV en de politie: de norm, het protocol, de alarmknoppen en wat agressie met je doet.',
      provider: 'Griffie en adviseur OOV',
      withOfficials: false,
      invitedIds: officeHolders,
    });
    if (startDay <= today)
      await recordSessionHeld(tx, who, start, {
        attendedIds: (['burgemeester', 'wethouder', 'raadslid'] as const).map(id).filter((x): x is string => !!x),
        agreements:
          'Iedereen weet waar de alarmknoppen zitten. Bij twijfel bel je de griffier. Raadsleden melden ook online bedreigingen, met een schermafdruk.',
        adjustProtocol: false,
      });

    const casuistry = await planSession(tx, who, {
      kind: 'casuistry',
      title: 'Jaarlijkse bijeenkomst casuïstiek: ervaringen en dilemma’s',
      plannedOn: daysFrom(today, 21),
      location: 'Commissiekamer 1',
      topics: [],
      description: 'Informeel, rond het jaarlijkse integriteitsgesprek; met de teamleider publieksbalie.',
      provider: undefined,
      withOfficials: true,
      invitedIds: [...officeHolders, ...(['secretaris', 'teamleider'] as const).map(id).filter((x): x is string => !!x)],
    });
    // Two threats from the register that the clerk was informed of, to discuss anonymised.
    const discussed = await tx
      .selectFrom('incident as i')
      .innerJoin('incidentAccess as a', 'a.incidentId', 'i.id')
      .select(['i.number'])
      .where('a.userId', '=', clerk.id)
      .where('i.level', 'in', ['threat', 'physical_violence'])
      .where('i.number', 'is not', null)
      .orderBy('i.occurredAt', 'desc')
      .limit(2)
      .execute();
    for (const { number } of discussed) await addDiscussedIncident(tx, who, casuistry, incidentReference({ number }));

    const mayor = id('burgemeester');
    await planSession(tx, who, {
      kind: 'training',
      title: 'Training "Omgaan met intimidatie en agressie" voor burgemeesters',
      plannedOn: daysFrom(today, 45),
      location: 'Opleidingsinstituut DJI, Den Haag',
      topics: [],
      description: 'Landelijke training met zo’n acht burgemeesters, op basis van casuïstiek; aanmelden via het NGB.',
      provider: 'Opleidingsinstituut DJI (met het NGB)',
      withOfficials: false,
      invitedIds: mayor ? [mayor] : [],
    });
  });
}
