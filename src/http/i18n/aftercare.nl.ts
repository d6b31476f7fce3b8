/** Dutch texts for aftercare, deadlines and the contacts directory. Every key must exist in aftercare.en.ts. */
export const aftercareNl = {
  'access.caregiver': 'Nazorg',
  'error.number': 'Vul een heel getal in binnen de toegestane grenzen.',
  'error.timing_order': 'Deze termijn moet na de vorige liggen.',
  'error.conversation_held': 'Dit gesprek is al gevoerd.',
  'error.referral_needed': 'Kies bij signalen van stagnatie naar wie u doorverwijst.',
  'error.contact_unknown': 'Kies een hulpverlener uit de lijst.',
  'error.answer_invalid': 'Kies aannemen of afslaan.',
  'error.deadline_closed': 'Deze termijn is al afgerond.',
} as const;
