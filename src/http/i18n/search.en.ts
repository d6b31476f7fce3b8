import type { searchNl } from './search.nl.js';

export const searchEn: Record<keyof typeof searchNl, string> = {
  'search.title': 'Search',
  'search.label': 'Search incidents',
  'search.hint': 'A number (M-00073), words from the description or the place, or the name of a perpetrator.',
  'search.submit': 'Search',
  'search.header_label': 'Search incidents',
  'search.none': 'No incidents you can see were found for "{query}".',
  'search.results': '{count} incidents found',
  'search.more': 'Only the first {count} are shown: make the search more precise.',
  'search.matched': 'Found in',
  'search.matched.number': 'Number',
  'search.matched.text': 'Description, place or perpetrator',
  'search.matched.perpetrator': 'Perpetrator register',
};
