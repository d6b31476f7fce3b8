/** Dutch texts for input that cannot be taken as it is (issue 12: odd values, control characters). Keys must exist in validation.en.ts. */
export const validationNl = {
  'error.text_control_characters':
    'Deze tekst bevat een onzichtbaar stuurteken dat hier niet kan staan. Typ de tekst opnieuw, of plak hem zonder opmaak.',
  'error.input_unprocessable': 'Een van de ingevulde waarden kan niet worden verwerkt. Controleer wat u invulde en probeer het opnieuw.',
  'error.upload_unreadable': 'Het bestand kwam niet goed aan. Kies het bestand opnieuw en verstuur het formulier nog eens.',
  'error.amount_cents':
    'Geef het bedrag als een geheel aantal eurocenten, van 0 tot en met 100000000 (1 miljoen euro), zoals 12550 voor € 125,50.',
  'error.paid_more_than_amount':
    'Er kan niet meer betaald zijn dan het bedrag van de schade. Vul bij betaald ten hoogste het schadebedrag in.',
  'error.measure_date_window': 'Kies een datum vanaf 1 januari 2000 en niet meer dan vijf jaar na vandaag.',
  'error.occurred_at_too_early': 'Deze datum ligt te ver terug. Vul een datum vanaf 1 januari 2000 in.',
  'error.date_out_of_range': 'Vul een datum in tussen 1 januari 2000 en tien jaar na vandaag.',
};
