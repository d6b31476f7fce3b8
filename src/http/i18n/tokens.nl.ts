/** API tokens, own roles, the adviser always informed and draft references (issue 12 §2, findings 5, 6, 10). */
export const tokensNl = {
  'tokens.title': 'Mijn API-sleutels',
  'tokens.intro':
    'Met een API-sleutel kan een programma namens u Weerbaar gebruiken. Een sleutel werkt tot de vervaldatum, of tot u hem intrekt. Wijzigt u uw wachtwoord, dan worden al uw sleutels ingetrokken.',
  'tokens.none': 'U heeft nog geen API-sleutels.',
  'tokens.name': 'Naam',
  'tokens.name_hint': 'Waaraan u de sleutel herkent, bijvoorbeeld het programma dat hem gebruikt.',
  'tokens.days': 'Geldig (dagen)',
  'tokens.days_hint': 'Van 1 tot en met 365 dagen; standaard 90.',
  'tokens.create': 'Sleutel maken',
  'tokens.created_title': 'Uw nieuwe API-sleutel',
  'tokens.created_once':
    'Kopieer de sleutel nu: hij wordt maar één keer getoond. Bewaar hem als een wachtwoord. Gebruik: Authorization: Bearer gevolgd door de sleutel.',
  'tokens.back': 'Terug naar mijn API-sleutels',
  'tokens.created_at': 'Gemaakt',
  'tokens.expires_at': 'Verloopt',
  'tokens.last_used': 'Laatst gebruikt',
  'tokens.never_used': 'Nog niet gebruikt',
  'tokens.state': 'Status',
  'tokens.actions': 'Actie',
  'tokens.state.active': 'Werkt',
  'tokens.state.expired': 'Verlopen',
  'tokens.state.revoked': 'Ingetrokken',
  'tokens.revoke': 'Intrekken: {name}',
  'tokens.revoked': 'De sleutel is ingetrokken. Hij werkt niet meer.',
  'tokens.name_required': 'Geef de sleutel een naam.',
  'tokens.days_invalid': 'Vul een aantal dagen in van 1 tot en met 365.',
  'tokens.link': 'Mijn API-sleutels',
  'error.own_roles':
    'U kunt uw eigen rollen niet wijzigen. Vraag een andere beheerder om dat te doen; die krijgt dan ook bericht van de wijziging.',
  'error.adviser_always_informed':
    'De veiligheidsadviseur wordt altijd over elke melding geïnformeerd (protocol). Laat "Veiligheidsadviseur" aangevinkt staan.',
  'notification.case_role_changed': 'De rollen van een collega met toegang tot meldingen zijn gewijzigd. Bekijk de wijziging bij Mensen.',
  'incident.draft_reference': 'Concept',
};
