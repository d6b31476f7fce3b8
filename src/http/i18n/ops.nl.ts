/** Dutch texts for operations: the database out of reach, a request sent twice (issue 12 findings 8, 9). Keys must exist in ops.en.ts. */
export const opsNl = {
  'ops.unavailable_title': 'Even niet beschikbaar',
  'error.database_unavailable':
    'Weerbaar kan zijn gegevens op dit moment niet bereiken. Probeer het over een ogenblik opnieuw. Wat u net verstuurde, is niet bewaard: ga terug in uw browser en verstuur het nog eens.',
  'error.idempotency_key_reused':
    'Dit verzoek is al eerder verstuurd, met andere gegevens. Er is niets opnieuw bewaard. Open het formulier opnieuw als u iets anders wilt versturen.',
  'error.idempotency_key_invalid':
    'De Idempotency-Key moet 1 tot 255 zichtbare tekens zijn (letters, cijfers en leestekens, zonder spaties).',
};
