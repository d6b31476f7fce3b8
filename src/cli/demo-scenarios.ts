import type { Behaviour, Channel, Level, PerpetratorKind, Target } from '../domain/incident/norm.js';
import type { DemoKey } from './demo-incidents.js';

/**
 * The demo year's scenarios: recurring perpetrators and the texts of their incidents, as data.
 * Every name in here is invented. The planner in demo-incidents.ts turns them into dated steps.
 */
export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, good enough for demo data and the same on every machine. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const between = (r: Rng, min: number, max: number) => min + r() * (max - min);
export const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const digits = (r: Rng, n: number) =>
  Array.from({ length: n }, (_, i) => (i === 0 ? 1 + Math.floor(r() * 9) : Math.floor(r() * 10))).join('');
const code = (r: Rng, n: number) =>
  Array.from({ length: n }, () => pick(r, [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789_-'])).join('');

export interface Online {
  platform: string;
  account?: string;
  /** A URL of the message on the platform (invented ids). */
  url?: (r: Rng) => string;
  normStated?: boolean;
  platformNotified?: boolean;
  /** Later messages from the same sender, logged by the reporter as they come in. */
  followUps?: string[];
}

export interface Scenario {
  /** Incidents of one series (a recurring perpetrator) keep their order in time. */
  series?: string;
  affected: DemoKey | DemoKey[];
  /** Reported by someone else on behalf of the (first) affected person. */
  by?: DemoKey;
  level: Level;
  channel: Channel;
  behaviours: Behaviour[];
  targets?: Target[];
  /** Local hours in which it happens; otherwise by channel. */
  hours?: [number, number];
  place?: string;
  perpetrator?: { kind: PerpetratorKind; name?: string; details?: string };
  online?: Online;
  injury?: { physical?: boolean; mental?: boolean; hospital?: boolean };
  witnesses?: string;
  damage?: string;
  /** A period (stalking): it went on for this many days. */
  periodDays?: number;
  /** One incident per text. */
  texts: string[];
}

// Recurring perpetrators (invented).
const MOL = {
  kind: 'person',
  name: 'H. Mol',
  details: 'Vaste bezoeker van de publieksbalie; onvrede over de terugvordering van zijn bijstandsuitkering.',
} as const;
const KUIPERS = {
  kind: 'person',
  name: 'R. Kuipers',
  details: 'Omwonende van het geplande windpark Zuidrand; schrijft, belt en spreekt vaker in.',
} as const;
const WAAKHOND = {
  kind: 'person',
  name: '@DorpsWaakhond_VB',
  details: 'Anoniem account op X; identiteit onbekend, politie is ingelicht.',
} as const;
const LINDEPARK = {
  kind: 'collective',
  name: 'Actiegroep Red het Lindepark',
  details: 'Actiegroep tegen de herinrichting van het Lindepark; wisselende groep van 10 tot 25 mensen.',
} as const;
const ZUIDRAND = {
  kind: 'organisation',
  name: 'Projectontwikkelaar Zuidrand B.V.',
  details: 'Aanvrager van de geweigerde omgevingsvergunning; contact via de directeur.',
} as const;
const FBGROEP = {
  kind: 'collective',
  name: 'Facebookgroep "Wij zijn Voorbeeld"',
  details: 'Openbare groep met ruim 4.000 leden; meerdere reageerders.',
} as const;

const facebook = (r: Rng) => `https://www.facebook.com/groups/wijzijnvoorbeeld/posts/${digits(r, 16)}`;
const xPost = (r: Rng) => `https://x.com/DorpsWaakhond_VB/status/${digits(r, 19)}`;
const instagram = (r: Rng) => `https://www.instagram.com/p/${code(r, 11)}/`;
const tiktok = (r: Rng) => `https://www.tiktok.com/@voorbeeld.streetlife/video/${digits(r, 19)}`;
const telegram = (r: Rng) => `https://t.me/voorbeeldwakker/${digits(r, 4)}`;

export const HOME: [number, number] = [18, 22];
export const OFFICE: [number, number] = [9, 17];

export const SCENARIOS: Scenario[] = [
  // --- H. Mol at the public counter: from emotion to violence -------------------------------
  {
    series: 'mol',
    affected: 'balie',
    level: 'emotional',
    channel: 'face_to_face',
    behaviours: ['complaining', 'blaming_organisation'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: MOL,
    texts: [
      'Meneer was boos over de terugvordering van zijn uitkering. Hij verhief zijn stem en zei dat "de gemeente hem kapot wil maken". Na uitleg over de bezwaarprocedure is hij vertrokken.',
    ],
  },
  {
    series: 'mol',
    affected: 'balie',
    level: 'verbal_aggression',
    channel: 'face_to_face',
    behaviours: ['swearing', 'insult'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: MOL,
    witnesses: 'Collega aan de balie ernaast.',
    texts: [
      'Dezelfde meneer kwam zonder afspraak terug. Toen ik zei dat zijn contactpersoon er niet was, schold hij mij herhaaldelijk uit en noemde mij "een nutteloze ambtenaar". Hij ging door nadat ik hem vroeg daarmee te stoppen; de beveiliger heeft hem naar buiten begeleid.',
    ],
  },
  {
    series: 'mol',
    affected: 'klantcontact',
    level: 'verbal_aggression',
    channel: 'phone',
    behaviours: ['swearing', 'insult'],
    perpetrator: MOL,
    texts: [
      'Meneer belde drie keer achter elkaar naar het klantcontactcentrum over zijn uitkering en begon bij elke doorverbinding te schelden. Na een waarschuwing heb ik het gesprek beëindigd, volgens het belprotocol.',
    ],
  },
  {
    series: 'mol',
    affected: 'balie',
    level: 'threat',
    channel: 'face_to_face',
    behaviours: ['threat_of_violence', 'intimidation'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: MOL,
    injury: { mental: true },
    texts: [
      'Meneer boog over de balie en zei: "Ik weet hoe laat jij klaar bent, ik wacht je buiten op." Daarna bleef hij een half uur op het plein voor het gemeentehuis staan. Een collega heeft mij via de achteruitgang naar mijn auto gebracht.',
    ],
  },
  {
    series: 'mol',
    affected: 'balie',
    by: 'teamleider',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['throwing_objects', 'hitting'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: MOL,
    injury: { physical: true, mental: true },
    witnesses: "Twee collega's van Publiekszaken en de beveiliger.",
    damage: 'Folderstandaard en spatscherm van de balie beschadigd.',
    texts: [
      'Bij de balie gooide meneer de folderstandaard naar onze medewerker en sloeg haar daarna met zijn vuist tegen de arm toen zij de alarmknop indrukte. De politie was binnen tien minuten ter plaatse en heeft hem aangehouden. Melding namens de medewerker door de teamleider.',
    ],
  },

  // --- R. Kuipers and the wind farm -----------------------------------------------------------
  {
    series: 'kuipers',
    affected: 'wethouder',
    level: 'emotional',
    channel: 'writing',
    behaviours: ['complaining', 'blaming_organisation'],
    perpetrator: KUIPERS,
    texts: [
      'Brief van een omwonende over het voorgenomen windpark aan de Zuidrand. Hij verwijt het college "over de hoofden van de inwoners heen te besluiten" en eist dat de wethouder het plan intrekt.',
    ],
  },
  {
    series: 'kuipers',
    affected: 'wethouder',
    level: 'verbal_aggression',
    channel: 'email',
    behaviours: ['insult', 'defamation'],
    perpetrator: KUIPERS,
    texts: [
      'Lange e-mail aan de wethouder waarin hij hem een "leugenaar" en "omgekochte zakkenvuller" noemt en beweert dat de wethouder geld krijgt van de ontwikkelaar van het windpark. De e-mail ging in kopie naar alle raadsleden.',
    ],
  },
  {
    series: 'kuipers',
    affected: 'wethouder',
    level: 'verbal_aggression',
    channel: 'phone',
    behaviours: ['swearing', 'taunting'],
    perpetrator: KUIPERS,
    texts: [
      'Belde het secretariaat en eiste de wethouder te spreken. Toen dat niet kon, schold hij de secretaresse en de wethouder uit: "Die lafaard durft me niet eens te woord te staan."',
    ],
  },
  {
    series: 'kuipers',
    affected: 'wethouder',
    by: 'griffier',
    level: 'threat',
    channel: 'meeting',
    behaviours: ['suggesting_violence', 'intimidation'],
    place: 'Raadzaal, commissie Ruimte',
    perpetrator: KUIPERS,
    witnesses: 'Commissieleden, publieke tribune; de vergadering werd live uitgezonden.',
    texts: [
      'Tijdens de inspreekronde in de commissie over het windpark zei de inspreker tegen de wethouder: "Jullie krijgen vanzelf wat jullie verdienen, dat gaat niet goed aflopen." De voorzitter heeft hem het woord ontnomen. Melding door de griffier.',
    ],
  },
  {
    series: 'kuipers',
    affected: 'wethouder',
    level: 'threat',
    channel: 'face_to_face',
    behaviours: ['threat_of_violence', 'stalking'],
    targets: ['self', 'family'],
    hours: [9, 12],
    place: 'Bij de woning van de wethouder',
    perpetrator: KUIPERS,
    injury: { mental: true },
    texts: [
      'Stond op zaterdagochtend bij mijn huis en riep tegen mijn partner: "Zeg maar tegen je man dat ik weet waar jullie wonen." Daarna maakte hij foto\'s van ons huis en van de auto.',
    ],
  },

  // --- An anonymous account on X and the mayor ----------------------------------------------
  {
    series: 'waakhond',
    affected: 'burgemeester',
    level: 'verbal_aggression',
    channel: 'social_media',
    behaviours: ['ridicule', 'defamation'],
    perpetrator: WAAKHOND,
    online: { platform: 'X', account: '@DorpsWaakhond_VB', url: xPost, normStated: false, platformNotified: true },
    texts: [
      'Het account plaatste een bewerkte foto van de burgemeester met een clownsneus en de tekst "Burgemeester van de elite". Honderden reacties, deels beledigend.',
      'Nieuwe reeks berichten waarin de burgemeester wordt weggezet als "marionet van Den Haag", met een nepcitaat dat zij nooit heeft uitgesproken.',
    ],
  },
  {
    series: 'waakhond',
    affected: 'burgemeester',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['intimidation', 'stalking'],
    targets: ['self', 'family', 'property'],
    perpetrator: WAAKHOND,
    online: {
      platform: 'X',
      account: '@DorpsWaakhond_VB',
      url: xPost,
      normStated: false,
      platformNotified: true,
      followUps: [
        'Tweede foto, nu van de voordeur: "Wie woont hier eigenlijk nog meer?"',
        'Reactie van het account onder een eigen bericht: "Ze gaat de deur niet meer uit zonder te kijken."',
      ],
    },
    texts: [
      'Het account plaatste een foto van de auto van de burgemeester voor haar woning, met leesbaar kenteken, en de tekst "Mooi rustig straatje. Nog wel."',
    ],
  },
  {
    series: 'waakhond',
    affected: 'burgemeester',
    by: 'secretaris',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['threat_of_violence', 'suggesting_violence'],
    targets: ['self', 'family', 'property'],
    perpetrator: WAAKHOND,
    injury: { mental: true },
    online: {
      platform: 'X',
      account: '@DorpsWaakhond_VB',
      url: xPost,
      normStated: false,
      platformNotified: true,
      followUps: [
        'Het bericht is door het account opnieuw geplaatst nadat X het eerste had verwijderd.',
        'Andere accounts delen het bericht met de oproep "iemand moet het doen".',
        'Het account verwijst naar het adres van de ambtswoning.',
      ],
    },
    texts: [
      'Bericht: "Als het AZC er komt, gaat er bij de burgemeester thuis iets in de fik. Niemand zal het haar kwalijk nemen als ze het niet overleeft." Direct doorgestuurd naar de politie; melding namens de burgemeester door de gemeentesecretaris.',
    ],
  },
  {
    series: 'waakhond',
    affected: 'burgemeester',
    level: 'verbal_aggression',
    channel: 'social_media',
    behaviours: ['slander', 'insult'],
    perpetrator: WAAKHOND,
    online: { platform: 'X', account: '@DorpsWaakhond_VB', url: xPost, normStated: false, platformNotified: false },
    texts: [
      'Het account beweert zonder enige grond dat de burgemeester "haar vriendjes aan vergunningen helpt" en roept op haar "overal te confronteren".',
    ],
  },

  // --- Action group against the redesign of a park -------------------------------------------
  {
    series: 'lindepark',
    affected: ['raadslid', 'fractielid'],
    level: 'emotional',
    channel: 'meeting',
    behaviours: ['complaining', 'blaming_organisation'],
    place: 'Hal van het gemeentehuis, aanbieding petitie',
    perpetrator: LINDEPARK,
    texts: [
      'Bij het aanbieden van de petitie spraken leden van de actiegroep de raadsleden fel aan over de bomenkap: "Jullie luisteren nooit naar ons." Na afloop zijn zij rustig vertrokken.',
    ],
  },
  {
    series: 'lindepark',
    affected: 'wethouder',
    by: 'griffier',
    level: 'verbal_aggression',
    channel: 'meeting',
    behaviours: ['taunting', 'ridicule'],
    place: 'Raadzaal, raadsvergadering',
    perpetrator: LINDEPARK,
    witnesses: 'Raadsleden, bode en publieke tribune.',
    texts: [
      "Tijdens de raadsvergadering over het Lindepark joelde een groep van zo'n twintig mensen op de publieke tribune de wethouder uit, met spandoeken en gescheld. De voorzitter schorste de vergadering tien minuten. Melding door de griffier.",
    ],
  },
  {
    series: 'lindepark',
    affected: 'wethouder',
    level: 'threat',
    channel: 'face_to_face',
    behaviours: ['intimidation'],
    targets: ['self', 'family'],
    hours: [20, 22],
    place: 'Voor de woning van de wethouder',
    perpetrator: LINDEPARK,
    injury: { mental: true },
    witnesses: 'Buren en twee politieagenten.',
    texts: [
      'Op een avond stonden ongeveer vijftien mensen met fakkels en spandoeken van de actiegroep voor ons huis. Zij scandeerden mijn naam en bleven ruim een uur staan. Mijn kinderen waren thuis. De politie heeft de groep weggestuurd.',
    ],
  },
  {
    series: 'lindepark',
    affected: 'wethouder',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['vandalism'],
    targets: ['property'],
    hours: [1, 5],
    place: 'Parkeerplaats gemeentehuis',
    perpetrator: LINDEPARK,
    damage: 'Zijruit en lakschade aan de auto, graffiti op het hek; schatting € 2.400.',
    texts: [
      'Op het hek van het gemeentehuis en op mijn auto zijn leuzen gespoten ("Bomenmoordenaar"). Bij de auto is ook een zijruit ingeslagen. Camerabeelden zijn veiliggesteld.',
    ],
  },

  // --- A developer and the permit officer ----------------------------------------------------
  {
    series: 'zuidrand',
    affected: 'medewerker',
    level: 'verbal_aggression',
    channel: 'phone',
    behaviours: ['insult'],
    perpetrator: ZUIDRAND,
    texts: [
      'De directeur van de projectontwikkelaar belde mij rechtstreeks op mijn werknummer en noemde mij "incompetent" en "een ambtenaartje dat de boel traineert". Na herhaalde waarschuwing heb ik het gesprek beëindigd.',
    ],
  },
  {
    series: 'zuidrand',
    affected: 'medewerker',
    level: 'threat',
    channel: 'email',
    behaviours: ['intimidation', 'holding_responsible'],
    perpetrator: ZUIDRAND,
    injury: { mental: true },
    texts: [
      'Na de weigering van de omgevingsvergunning schreef de directeur dat hij mij "persoonlijk aansprakelijk" houdt voor de schade en dat hij "mijn naam overal bekend zal maken". Hij noemde daarbij mijn woonplaats.',
    ],
  },

  // --- A Facebook group --------------------------------------------------------------------------
  {
    series: 'fbgroep',
    affected: 'raadslid',
    level: 'verbal_aggression',
    channel: 'social_media',
    behaviours: ['insult', 'defamation'],
    perpetrator: FBGROEP,
    online: {
      platform: 'Facebook',
      account: 'Groep "Wij zijn Voorbeeld"',
      url: facebook,
      normStated: true,
      platformNotified: true,
      followUps: ['Nog eens twaalf reacties met dezelfde strekking; de beheerder van de groep grijpt niet in.'],
    },
    texts: [
      'In de Facebookgroep verschijnen na mijn motie over de opvang van asielzoekers tientallen reacties waarin ik "landverrader" en "volksvijand" word genoemd.',
      'Onder een artikel over de begroting noemen leden van de groep mij "profiteur" en "graaier", met een foto van mij en mijn fiets voor het gemeentehuis.',
    ],
  },
  {
    series: 'fbgroep',
    affected: 'raadslid',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['threat_of_violence'],
    perpetrator: FBGROEP,
    injury: { mental: true },
    online: {
      platform: 'Facebook',
      account: 'Groep "Wij zijn Voorbeeld"',
      url: facebook,
      normStated: false,
      platformNotified: true,
      followUps: ['Iemand plaatst de begintijd van de volgende raadsvergadering met "zien we elkaar daar".'],
    },
    texts: [
      'Onder een bericht over mijn motie schreef iemand: "Die moet je gewoon een keer opwachten na de raad." Anderen reageerden met duimpjes en mes-emoji\'s.',
    ],
  },
  {
    series: 'fbgroep',
    affected: 'fractielid',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['sexual_intimidation'],
    perpetrator: FBGROEP,
    injury: { mental: true },
    online: { platform: 'Facebook', account: 'Groep "Wij zijn Voorbeeld"', url: facebook, normStated: false, platformNotified: true },
    texts: [
      'Onder een foto van mij bij een fractiebijeenkomst staan seksueel getinte en vernederende opmerkingen over mijn uiterlijk, met de vraag "wie weet waar ze woont?".',
    ],
  },

  // --- Council and group members -------------------------------------------------------------
  {
    affected: 'fractielid',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['sexual_intimidation', 'stalking'],
    periodDays: 21,
    hours: [21, 24],
    perpetrator: { kind: 'person', details: 'Onbekend nummer; het nummer is bekend bij de griffie en doorgegeven aan de politie.' },
    injury: { mental: true },
    online: {
      platform: 'WhatsApp',
      account: 'onbekend nummer (bekend bij de griffie)',
      normStated: true,
      platformNotified: false,
      followUps: ['Nieuw bericht om 01:40 uur met een seksuele toespeling.', 'Na blokkeren: zelfde tekst vanaf een tweede nummer.'],
    },
    texts: [
      'Sinds mijn nummer op de website van de fractie staat, krijg ik van een onbekend nummer berichten met seksuele toespelingen en een ongevraagde naaktfoto, ook midden in de nacht. Ik heb één keer geantwoord dat dit moet stoppen.',
    ],
  },
  {
    affected: 'fractielid',
    level: 'threat',
    channel: 'face_to_face',
    behaviours: ['stalking', 'intimidation'],
    periodDays: 35,
    hours: [8, 18],
    targets: ['self', 'family'],
    perpetrator: { kind: 'person', details: 'Man van rond de 50, bekend van een wijkbijeenkomst in Oost.' },
    injury: { mental: true },
    texts: [
      'Een man die ik ken van een wijkbijeenkomst staat de laatste weken regelmatig bij mijn huis en bij de school van mijn kinderen. Hij stuurt kaarten en liet een bos bloemen achter met een kaartje: "Ik houd je in de gaten."',
    ],
  },
  {
    affected: 'fractielid',
    level: 'emotional',
    channel: 'email',
    behaviours: ['complaining', 'blaming_organisation'],
    perpetrator: { kind: 'person' },
    texts: [
      'Een inwoner mailt wekelijks met klachten over de afvalinzameling en verwijt de fractie "niets te doen voor gewone mensen". De toon is fel, maar niet persoonlijk.',
      'Boze e-mail over de parkeertarieven in het centrum: "Jullie jagen iedereen de stad uit." Beleefd beantwoord, geen reactie meer gekomen.',
    ],
  },
  {
    affected: 'fractielid',
    level: 'verbal_aggression',
    channel: 'face_to_face',
    behaviours: ['insult', 'ridicule'],
    hours: [20, 23],
    place: 'Café De Zwaan, na een flyeractie',
    perpetrator: { kind: 'collective', details: 'Groepje van vier mannen, onbekend.' },
    texts: [
      'Na een debatavond werd ik in het café door een groepje mannen uitgelachen en voor "domme trut" uitgemaakt. Zij gingen door toen ik vroeg ermee te stoppen; ik ben weggegaan.',
    ],
  },
  {
    affected: 'raadslid',
    level: 'verbal_aggression',
    channel: 'face_to_face',
    behaviours: ['insult', 'swearing'],
    targets: ['self', 'family'],
    hours: [10, 14],
    place: 'Zaterdagmarkt, kraam van de partij',
    perpetrator: { kind: 'person', details: 'Man van middelbare leeftijd, fiets met aanhanger.' },
    texts: [
      'Op de zaterdagmarkt, bij de kraam van onze partij, werd ik in het bijzijn van mijn kinderen uitgescholden voor "leugenachtige politicus". De man bleef doorgaan nadat ik hem vroeg te stoppen.',
    ],
  },
  {
    affected: 'raadslid',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['spitting'],
    hours: [21, 23],
    place: 'Buurthuis De Horst, na de wijkavond',
    perpetrator: { kind: 'person', details: 'Bezoeker van de wijkavond; naam bekend bij de wijkagent.' },
    injury: { mental: true },
    texts: [
      'Na afloop van een wijkavond spuugde een man mij in het gezicht toen ik naar mijn fiets liep, met de woorden "dit is wat we van jullie vinden". Aangifte gedaan.',
    ],
  },
  {
    affected: 'raadslid',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['vandalism', 'throwing_objects'],
    targets: ['property', 'family'],
    hours: [1, 4],
    place: 'Woning van het raadslid',
    injury: { mental: true },
    damage: 'Ruit van de woonkamer; € 850.',
    texts: [
      '\'s Nachts is er een steen door het raam van onze woonkamer gegooid. Op de stoep lag een briefje met de naam van mijn partij en "laatste waarschuwing".',
    ],
  },
  {
    affected: 'raadslid',
    level: 'verbal_aggression',
    channel: 'email',
    behaviours: ['slander', 'defamation'],
    perpetrator: { kind: 'person', details: 'Anoniem, wegwerpadres.' },
    texts: [
      'Anonieme e-mail aan alle raadsleden en de lokale krant waarin wordt beweerd dat ik een strafblad heb en "met criminelen omga". Dat is aantoonbaar onjuist.',
    ],
  },
  {
    affected: 'raadslid',
    by: 'griffier',
    level: 'emotional',
    channel: 'meeting',
    behaviours: ['complaining'],
    place: 'Raadzaal, begrotingsvergadering',
    perpetrator: { kind: 'person', details: 'Inspreker namens de zwemvereniging.' },
    texts: [
      'Een inspreker bij de begrotingsvergadering was zeer emotioneel over de sluiting van het zwembad en bleef na zijn spreektijd doorpraten. Na een tweede verzoek van de voorzitter ging hij zitten. Genoteerd door de griffier.',
    ],
  },
  {
    affected: 'raadslid',
    by: 'griffier',
    level: 'physical_violence',
    channel: 'meeting',
    behaviours: ['throwing_objects'],
    place: 'Raadzaal, raadsvergadering',
    perpetrator: { kind: 'person', details: 'Bezoeker van de publieke tribune; door de politie meegenomen.' },
    witnesses: 'Voorzitter, raadsleden, bode, griffier.',
    damage: 'Laptop van het raadslid, scherm gebarsten.',
    texts: [
      'Een bezoeker op de publieke tribune gooide een volle waterfles naar de raadstafel; de fles raakte de laptop van het raadslid. De voorzitter schorste de vergadering en liet de man na de derde vordering verwijderen; de livestream is gestopt.',
    ],
  },
  {
    affected: 'raadslid',
    level: 'verbal_aggression',
    channel: 'social_media',
    behaviours: ['taunting', 'ridicule'],
    online: { platform: 'TikTok', account: '@voorbeeld.streetlife', url: tiktok, normStated: false, platformNotified: true },
    texts: [
      'Een fragment uit de raadsvergadering is bewerkt tot een filmpje waarin mijn stem wordt nagedaan en ik "de domste van de raad" word genoemd. Ruim 30.000 keer bekeken.',
    ],
  },

  {
    affected: 'griffier',
    level: 'verbal_aggression',
    channel: 'meeting',
    behaviours: ['swearing', 'insult'],
    place: 'Raadzaal, na afloop van de raadsvergadering',
    perpetrator: { kind: 'person', details: 'Bezoeker van de publieke tribune.' },
    texts: [
      'Na afloop van de vergadering kwam een bezoeker naar de griffietafel en schold mij uit omdat hij niet mocht inspreken: "Jij bepaalt zeker wie hier iets mag zeggen." Hij vertrok na tussenkomst van de bode.',
    ],
  },

  // --- Aldermen ------------------------------------------------------------------------------------
  {
    affected: 'wethouder',
    level: 'emotional',
    channel: 'writing',
    behaviours: ['complaining', 'blaming_organisation'],
    perpetrator: { kind: 'person', details: 'Ondernemer in het centrum.' },
    texts: [
      'Handgeschreven brief van een ondernemer over de terrasvergunning: "Jullie maken de middenstand kapot." Geen persoonlijke aanval.',
      'Brief van een inwoner over de verkeersdrempels in zijn straat, met het verwijt dat de gemeente "alleen aan fietsers denkt".',
    ],
  },
  {
    affected: 'wethouder',
    level: 'threat',
    channel: 'writing',
    behaviours: ['threat_of_violence'],
    targets: ['pets', 'family'],
    perpetrator: { kind: 'person', details: 'Onbekend; geen afzender.' },
    injury: { mental: true },
    texts: ['Briefje in onze brievenbus: "Jammer als jullie hond iets verkeerds eet." Geen afzender. Brief bewaard voor de politie.'],
  },
  {
    affected: 'wethouder',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['throwing_objects'],
    hours: [14, 16],
    place: 'Opening fietsbrug De Vaart',
    perpetrator: { kind: 'person', details: "Jongeman, door boa's staande gehouden." },
    damage: 'Stomerij van het pak; € 45.',
    witnesses: 'Aanwezigen bij de opening, lokale pers.',
    texts: [
      "Bij de opening van de nieuwe fietsbrug werden eieren naar mij gegooid. Eén ei raakte mij op de schouder. Boa's hebben de werper staande gehouden.",
    ],
  },
  {
    affected: 'wethouder',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['holding_responsible', 'suggesting_violence'],
    perpetrator: { kind: 'person', name: '@vaart_bewoner', details: 'Instagram-account van een buurtbewoner.' },
    online: {
      platform: 'Instagram',
      account: '@vaart_bewoner',
      url: instagram,
      normStated: true,
      platformNotified: true,
      followUps: ['Verhaal (story) met dezelfde foto en "ik waarschuw maar één keer".'],
    },
    texts: [
      'Op Instagram een foto van het kruispunt Dorpsstraat met de tekst: "Als hier een kind verongelukt, is dat op het geweten van de wethouder. Dan weet hij wat hem te wachten staat."',
    ],
  },
  {
    affected: 'wethouder',
    level: 'verbal_aggression',
    channel: 'email',
    behaviours: ['insult'],
    perpetrator: { kind: 'person' },
    texts: [
      'E-mail na de bekendmaking van de nieuwe afvalstoffenheffing met de onderwerpregel "Aan de graaier" en een reeks scheldwoorden.',
      'E-mail over de sluiting van de bibliotheek in Noord: de wethouder is "een kille rekenmachine zonder hart" die "beter kan opstappen". Derde mail van dezelfde afzender deze maand.',
    ],
  },

  // --- The mayor ------------------------------------------------------------------------------------
  {
    affected: 'burgemeester',
    by: 'secretaris',
    level: 'physical_violence',
    channel: 'meeting',
    behaviours: ['grabbing', 'pulling'],
    place: 'Sporthal De Kamp, informatieavond opvang asielzoekers',
    perpetrator: { kind: 'person', details: 'Bezoeker van de informatieavond; identiteit bekend bij de politie.' },
    injury: { physical: true, mental: true },
    witnesses: "Boa's, medewerkers communicatie, ongeveer 300 bezoekers.",
    texts: [
      "Tijdens de informatieavond greep een bezoeker de burgemeester bij de arm en trok haar naar zich toe terwijl hij schreeuwde. Boa's hebben hem losgemaakt en naar buiten gebracht. Blauwe plek op de bovenarm. Melding door de gemeentesecretaris.",
    ],
  },
  {
    affected: 'burgemeester',
    level: 'threat',
    channel: 'email',
    behaviours: ['threat_of_violence', 'suggesting_violence'],
    perpetrator: { kind: 'person', details: 'Wegwerpadres; gegevens aan de politie gegeven.' },
    texts: [
      'E-mail aan het algemene adres: "Als de burgemeester doorgaat met dit beleid, komt er een dag dat ze niet meer veilig over straat kan."',
    ],
  },
  {
    affected: 'burgemeester',
    by: 'secretaris',
    level: 'threat',
    channel: 'writing',
    behaviours: ['threat_of_violence'],
    perpetrator: { kind: 'person' },
    injury: { mental: true },
    texts: [
      'Per post een brief ontvangen met een patroonhuls en de tekst "De volgende is niet leeg". Brief en envelop zijn met handschoenen apart gelegd voor de politie. Melding door de gemeentesecretaris.',
    ],
  },
  {
    affected: 'burgemeester',
    level: 'threat',
    channel: 'phone',
    behaviours: ['intimidation', 'stalking'],
    targets: ['self', 'family'],
    hours: [1, 3],
    periodDays: 3,
    perpetrator: { kind: 'person', details: 'Afgeschermd nummer.' },
    injury: { mental: true },
    texts: [
      'Op mijn privénummer werd drie nachten achter elkaar rond twee uur gebeld door een afgeschermd nummer. Er werd niets gezegd; de derde keer alleen: "We zien je wel."',
    ],
  },
  {
    affected: 'burgemeester',
    level: 'verbal_aggression',
    channel: 'face_to_face',
    behaviours: ['swearing', 'ridicule'],
    hours: [12, 17],
    place: 'Koningsdag, Marktplein',
    perpetrator: { kind: 'person', details: 'Beschonken man, door een boa aangesproken.' },
    texts: [
      'Op Koningsdag werd de burgemeester door een beschonken man luid uitgescholden en belachelijk gemaakt. Na aanspreken door een boa hield hij op, maar twintig minuten later kwam hij terug en begon opnieuw.',
    ],
  },
  {
    affected: 'burgemeester',
    level: 'emotional',
    channel: 'email',
    behaviours: ['complaining', 'blaming_organisation'],
    perpetrator: { kind: 'collective', details: 'Meerdere inwoners.' },
    texts: [
      'Een golf boze e-mails na het besluit over het vuurwerkverbod; de meeste kritisch op het beleid, een enkele persoonlijk van toon.',
      'Boze e-mails na de sluiting van een coffeeshop: "De burgemeester bepaalt alles zelf." Kritiek op het besluit, geen bedreiging.',
    ],
  },
  {
    affected: 'burgemeester',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['suggesting_violence'],
    perpetrator: { kind: 'collective', name: 'Telegramgroep "Voorbeeld Wakker"', details: 'Besloten groep met ongeveer 600 leden.' },
    online: {
      platform: 'Telegram',
      account: 'Voorbeeld Wakker',
      url: telegram,
      normStated: false,
      platformNotified: false,
      followUps: ['Lid plaatst een plattegrond van het gemeentehuis met de ingangen gemarkeerd.'],
    },
    texts: [
      'In een Telegramgroep wordt opgeroepen om de burgemeester "eens een bezoekje te brengen" na de raadsvergadering, met haar agenda van die week erbij.',
    ],
  },

  {
    affected: 'secretaris',
    level: 'verbal_aggression',
    channel: 'email',
    behaviours: ['insult', 'slander'],
    perpetrator: { kind: 'person', details: 'Oud-medewerker na een afgeronde ontslagprocedure.' },
    texts: [
      'Een oud-medewerker stuurt beledigende e-mails aan de gemeentesecretaris en aan collega\'s, met de onjuiste bewering dat zij "dossiers vervalst".',
    ],
  },

  // --- Employees -------------------------------------------------------------------------------------
  {
    affected: 'balie',
    level: 'emotional',
    channel: 'face_to_face',
    behaviours: ['complaining', 'blaming_organisation'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: { kind: 'person' },
    texts: [
      'Een bezoeker was kwaad omdat zijn rijbewijs nog niet klaar lag en verweet de gemeente "er een puinhoop van te maken". Na uitleg is hij gekalmeerd.',
      'Een vrouw was in tranen en boos omdat haar paspoort niet op tijd klaar is voor haar vakantie: "Jullie verpesten alles." Spoedaanvraag besproken.',
      'Bezoeker verhief zijn stem over de wachtrij en de afsprakenregeling, en eiste de leidinggevende te spreken.',
    ],
  },
  {
    affected: 'balie',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['spitting'],
    place: 'Publieksbalie, gemeentehuis',
    perpetrator: { kind: 'person', details: 'Bezoeker; gegevens bekend uit de afspraak.' },
    injury: { mental: true },
    texts: [
      'Een bezoeker spuugde over het scherm naar mij toen zijn paspoortaanvraag niet in behandeling kon worden genomen. Beveiliging heeft hem verwijderd.',
    ],
  },
  {
    affected: 'klantcontact',
    level: 'emotional',
    channel: 'phone',
    behaviours: ['complaining', 'blaming_organisation'],
    perpetrator: { kind: 'person' },
    texts: [
      'Een beller was zeer emotioneel over de wachttijd voor de Wmo-aanvraag van haar moeder en verweet de gemeente "dat jullie wachten tot ze dood is". Na een rustig gesprek een terugbelafspraak gemaakt.',
      'Beller over de kwijtschelding van de gemeentelijke belastingen, boos en verwijtend over "de bureaucratie". Doorverbonden met Belastingen.',
    ],
  },
  {
    affected: 'klantcontact',
    level: 'threat',
    channel: 'phone',
    behaviours: ['threat_of_violence'],
    perpetrator: { kind: 'person', details: 'Aanvrager bijzondere bijstand; naam bekend uit het dossier.' },
    injury: { mental: true },
    texts: [
      'Een beller over afgewezen bijzondere bijstand zei: "Als het geld er maandag niet is, kom ik langs met een mes." Gesprek beëindigd en direct de teamleider en de beveiliging ingelicht.',
    ],
  },
  {
    affected: 'klantcontact',
    level: 'verbal_aggression',
    channel: 'email',
    behaviours: ['swearing', 'insult'],
    perpetrator: { kind: 'person' },
    texts: [
      'Na een afgewezen aanvraag stuurde een inwoner een e-mail vol grove scheldwoorden aan mij persoonlijk, met mijn naam in de aanhef.',
    ],
  },
  {
    affected: 'klantcontact',
    level: 'verbal_aggression',
    channel: 'phone',
    behaviours: ['insult', 'taunting'],
    perpetrator: { kind: 'person' },
    texts: [
      'Een beller over een parkeerboete maakte mij belachelijk om mijn accent en bleef dat doen nadat ik hem daarop aansprak. Gesprek beëindigd.',
    ],
  },
  {
    affected: 'handhaver',
    level: 'verbal_aggression',
    channel: 'face_to_face',
    behaviours: ['taunting', 'ridicule'],
    hours: [15, 22],
    place: 'Stationsplein',
    perpetrator: { kind: 'collective', details: 'Groep van zes jongeren.' },
    texts: [
      'Tijdens een parkeercontrole werd ik door een groep jongeren gefilmd en belachelijk gemaakt ("kijk die nepagent"). Het filmpje staat inmiddels online.',
      'Bij het aanspreken op een scooter op de stoep werd ik uitgelachen en nageroepen; ze bleven me tot aan de dienstauto volgen en filmen.',
    ],
  },
  {
    affected: 'handhaver',
    level: 'threat',
    channel: 'face_to_face',
    behaviours: ['threat_of_violence', 'intimidation'],
    hours: [7, 10],
    place: 'Stadspark, hondenuitlaatgebied',
    perpetrator: { kind: 'person', details: 'Hondenbezitter, vaker gezien in het park.' },
    texts: [
      'Bij het aanspreken op een loslopende hond dreigde de eigenaar de hond "op mij los te laten" en deed hij een stap naar voren met gebalde vuisten. Ik ben teruggegaan naar de dienstauto.',
    ],
  },
  {
    affected: 'handhaver',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['kicking', 'hitting'],
    hours: [10, 16],
    place: 'Containerplaats Kerkstraat',
    perpetrator: { kind: 'person', details: 'Bewoner; door de politie aangehouden.' },
    injury: { physical: true },
    witnesses: 'Collega-handhaver.',
    texts: [
      'Bij het uitschrijven van een bekeuring voor afval naast de container duwde de man mij tegen de bus en schopte mij tegen mijn been. Mijn collega heeft de politie gebeld; de man is aangehouden.',
    ],
  },
  {
    affected: 'handhaver',
    by: 'teamleider',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['kicking', 'hitting'],
    hours: [22, 24],
    place: 'Loods aan de Industrieweg, illegaal feest',
    perpetrator: { kind: 'person', details: 'Twee mannen van rond de 25 jaar; signalement bij de politie.' },
    injury: { physical: true, mental: true, hospital: true },
    witnesses: 'Collega-handhaver en twee politieagenten.',
    texts: [
      'Tijdens handhaving bij een illegaal feest werd onze handhaver door twee mannen op de grond geduwd en geschopt. Hij is met gekneusde ribben naar de spoedeisende hulp gebracht. Melding namens hem door de teamleider.',
    ],
  },
  {
    affected: 'handhaver',
    level: 'threat',
    channel: 'social_media',
    behaviours: ['intimidation', 'suggesting_violence'],
    perpetrator: { kind: 'person', name: 'Buurtpagina "Zuid Zegt Het"', details: 'Beheerder onbekend.' },
    online: {
      platform: 'Facebook',
      account: 'Buurtpagina "Zuid Zegt Het"',
      url: facebook,
      normStated: false,
      platformNotified: true,
      followUps: ['Reacties met mijn volledige naam en de straat waar ik woon.'],
    },
    texts: [
      'Op een buurtpagina verscheen een foto van mij in uniform met de tekst: "Deze pakt graag mensen met een klein pensioen. Je weet wat je moet doen als je hem ziet."',
    ],
  },
  {
    affected: 'medewerker',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['grabbing', 'pulling'],
    hours: [8, 15],
    place: 'Bouwplaats Molenweg',
    perpetrator: { kind: 'person', details: 'Aannemer op de bouwplaats.' },
    damage: 'Dienst-tablet kapot; € 600.',
    texts: [
      'Bij een controle op een bouwplaats greep de aannemer mij bij mijn jas, trok mij van het terrein af en rukte mijn tablet uit mijn handen; die viel kapot.',
    ],
  },
  {
    affected: 'medewerker',
    level: 'emotional',
    channel: 'email',
    behaviours: ['complaining'],
    perpetrator: { kind: 'person' },
    texts: [
      'Een aanvrager van een dakkapel mailt dagelijks over de behandeltermijn en schrijft dat "de gemeente expres traineert". Zakelijk beantwoord.',
    ],
  },
  {
    affected: 'teamleider',
    level: 'physical_violence',
    channel: 'face_to_face',
    behaviours: ['grabbing'],
    place: 'Wachtruimte publiekszaken',
    perpetrator: { kind: 'person', details: 'Bezoeker; huisverbod overwogen.' },
    texts: [
      'Toen ik tussenbeide kwam bij een ruzie aan de balie, greep een bezoeker mij bij de kraag en duwde mij tegen de muur. Hij liet los toen de beveiliger eraan kwam.',
    ],
  },
];
