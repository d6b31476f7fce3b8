import type { aftercareNl } from './aftercare.nl.js';

export const aftercareEn: Record<keyof typeof aftercareNl, string> = {
  'access.caregiver': 'Aftercare',
  'error.number': 'Enter a whole number within the allowed range.',
  'error.timing_order': 'This term must come after the previous one.',
  'error.conversation_held': 'This conversation has already been held.',
  'error.referral_needed': 'With signs of stalled recovery, choose where you refer to.',
  'error.contact_unknown': 'Choose a contact from the list.',
  'error.answer_invalid': 'Choose accept or decline.',
  'error.deadline_closed': 'This deadline is already closed.',
};
