import type { calendarNl } from './calendar.nl.js';

export const calendarEn: Record<keyof typeof calendarNl, string> = {
  'calendar.title': 'Calendar link',
  'calendar.link': 'Your deadlines in your calendar (Outlook, phone)',
  'calendar.intro':
    'Put your deadlines in the calendar you use every day. You get a secret address; whoever has it sees when your deadlines fall due, but not what they are about: titles name only the kind of duty, no incident, person or place.',
  'calendar.created': 'This is your calendar address. It is shown only once: copy it now. A new address stops the old one.',
  'calendar.state': 'Calendar address',
  'calendar.active_since': 'Active since {date}',
  'calendar.none': 'None yet',
  'calendar.last_fetched': 'Last fetched',
  'calendar.never_fetched': 'Not yet',
  'calendar.how_outlook': 'Outlook: Add calendar → Subscribe from web, and paste the address.',
  'calendar.how_phone':
    'Phone: add a calendar subscription (iPhone: Settings → Calendar → Accounts; Android: through Google Calendar on the web).',
  'calendar.what_it_shows': 'The calendar shows your open deadlines and is refreshed every hour or so by your calendar program.',
  'calendar.create': 'Make a calendar address',
  'calendar.renew': 'Make a new address (the old one stops)',
  'calendar.revoke': 'Revoke the address',
  'calendar.revoked': 'The calendar address no longer works.',
  'calendar.feed_name': 'Weerbaar: my deadlines',
  'calendar.event_prefix': 'Weerbaar',
  'calendar.event_description': 'A deadline in Weerbaar. Open {url} for what has to be done.',
};
