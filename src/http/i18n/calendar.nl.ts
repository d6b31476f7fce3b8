/** The private calendar address (issue 10 §1). */
export const calendarNl = {
  'calendar.title': 'Agenda-koppeling',
  'calendar.link': 'Uw termijnen in uw agenda (Outlook, telefoon)',
  'calendar.intro':
    'Zet uw termijnen in de agenda die u elke dag gebruikt. U krijgt een geheim adres; wie het heeft, ziet wanneer uw termijnen verlopen, maar niet waarover ze gaan: de titels noemen alleen het soort termijn, geen melding, persoon of plaats.',
  'calendar.created': 'Dit is uw agenda-adres. Het wordt maar één keer getoond: kopieer het nu. Met een nieuw adres stopt het oude.',
  'calendar.state': 'Agenda-adres',
  'calendar.active_since': 'Actief sinds {date}',
  'calendar.none': 'Nog geen',
  'calendar.last_fetched': 'Laatst opgehaald',
  'calendar.never_fetched': 'Nog niet',
  'calendar.how_outlook': 'Outlook: Agenda toevoegen → Abonneren vanaf internet, en plak het adres.',
  'calendar.how_phone':
    'Telefoon: voeg een agenda-abonnement toe (iPhone: Instellingen → Agenda → Accounts; Android: via Google Agenda op internet).',
  'calendar.what_it_shows': 'De agenda toont uw open termijnen en wordt elk uur of zo bijgewerkt door uw agenda-programma.',
  'calendar.create': 'Agenda-adres maken',
  'calendar.renew': 'Nieuw adres maken (het oude stopt)',
  'calendar.revoke': 'Adres intrekken',
  'calendar.revoked': 'Het agenda-adres werkt niet meer.',
  'calendar.feed_name': 'Weerbaar: mijn termijnen',
  'calendar.event_prefix': 'Weerbaar',
  'calendar.event_description': 'Een termijn in Weerbaar. Open {url} voor wat er moet gebeuren.',
} as const;
