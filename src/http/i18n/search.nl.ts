/** One search box over the incidents a person may see (issue 10 §1). */
export const searchNl = {
  'search.title': 'Zoeken',
  'search.label': 'Zoek in meldingen',
  'search.hint': 'Een nummer (M-00073), woorden uit de beschrijving of de plaats, of de naam van een veroorzaker.',
  'search.submit': 'Zoeken',
  'search.header_label': 'Zoek in meldingen',
  'search.none': 'Geen meldingen gevonden voor "{query}" die u kunt zien.',
  'search.results': '{count} gevonden meldingen',
  'search.more': 'Alleen de eerste {count} worden getoond: maak de zoekvraag preciezer.',
  'search.matched': 'Gevonden in',
  'search.matched.number': 'Nummer',
  'search.matched.text': 'Beschrijving, plaats of veroorzaker',
  'search.matched.perpetrator': 'Veroorzakersregister',
} as const;
