/**
 * The organisation norm (PRODUCT.md §1, seed 001 §2.1): four levels judged by the direction
 * of the behaviour, not its intensity. The report form teaches it from this data.
 */
export const LEVELS = ['emotional', 'verbal_aggression', 'threat', 'physical_violence'] as const;
export type Level = (typeof LEVELS)[number];

export const BEHAVIOURS = [
  // verbal aggression
  'taunting',
  'swearing',
  'ridicule',
  'insult',
  'defamation',
  'slander',
  // threat / intimidation
  'threat_of_violence',
  'intimidation',
  'sexual_intimidation',
  'stalking',
  'suggesting_violence',
  'holding_responsible',
  // physical violence
  'kicking',
  'hitting',
  'spitting',
  'grabbing',
  'pulling',
  'throwing_objects',
  'vandalism',
  // emotional behaviour
  'complaining',
  'blaming_organisation',
  'other',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** The level a behaviour belongs to, so the form can group them and warn on a mismatch. */
export const BEHAVIOUR_LEVEL: Record<Behaviour, Level | null> = {
  taunting: 'verbal_aggression',
  swearing: 'verbal_aggression',
  ridicule: 'verbal_aggression',
  insult: 'verbal_aggression',
  defamation: 'verbal_aggression',
  slander: 'verbal_aggression',
  threat_of_violence: 'threat',
  intimidation: 'threat',
  sexual_intimidation: 'threat',
  stalking: 'threat',
  suggesting_violence: 'threat',
  holding_responsible: 'threat',
  kicking: 'physical_violence',
  hitting: 'physical_violence',
  spitting: 'physical_violence',
  grabbing: 'physical_violence',
  pulling: 'physical_violence',
  throwing_objects: 'physical_violence',
  vandalism: 'physical_violence',
  complaining: 'emotional',
  blaming_organisation: 'emotional',
  other: null,
};

export const CHANNELS = ['face_to_face', 'writing', 'phone', 'email', 'social_media', 'meeting'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who or what was targeted (the office holder or their direct environment, seed 001 §2). */
export const TARGETS = ['self', 'other_person', 'family', 'friends', 'pets', 'property'] as const;
export type Target = (typeof TARGETS)[number];

export const PERPETRATOR_KINDS = ['person', 'collective', 'organisation'] as const;
export type PerpetratorKind = (typeof PERPETRATOR_KINDS)[number];

export const STATUSES = ['draft', 'reported', 'in_progress', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
