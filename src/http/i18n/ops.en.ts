import type { opsNl } from './ops.nl.js';

export const opsEn: Record<keyof typeof opsNl, string> = {
  'ops.unavailable_title': 'Briefly unavailable',
  'error.database_unavailable':
    'Weerbaar cannot reach its data at the moment. Please try again in a moment. What you just sent was not saved: go back in your browser and send it again.',
  'error.idempotency_key_reused':
    'This request was sent before, with different data. Nothing was saved again. Open the form anew if you want to send something else.',
  'error.idempotency_key_invalid': 'The Idempotency-Key must be 1 to 255 visible characters (letters, digits and punctuation, no spaces).',
};
