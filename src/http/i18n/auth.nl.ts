/** Dutch texts of signing in, sessions and passwords (issue 12 §2). Every key must exist in auth.en.ts. */
export const authNl = {
  'auth.password_guessable':
    'Dit wachtwoord is te makkelijk te raden: het komt voor in lijsten van veelgebruikte of uitgelekte wachtwoorden, herhaalt tekens of bevat uw naam. Kies een zin van een paar woorden die niemand van u verwacht.',
  'auth.password_attempts':
    'Het huidige wachtwoord is te vaak verkeerd ingevuld. Probeer het over 15 minuten opnieuw, of vraag een beheerder om een nieuw wachtwoord.',
  'auth.code_used': 'Deze code is al gebruikt. Wacht tot de app een nieuwe code toont en vul die in.',
  'auth.other_sessions_ended': 'Uw wachtwoord is gewijzigd. U bent op uw andere apparaten afgemeld.',
};
