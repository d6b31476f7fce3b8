import type { validationNl } from './validation.nl.js';

export const validationEn: Record<keyof typeof validationNl, string> = {
  'error.text_control_characters':
    'This text contains an invisible control character that cannot be stored. Type the text again, or paste it without formatting.',
  'error.input_unprocessable': 'One of the values you entered cannot be processed. Check what you entered and try again.',
  'error.upload_unreadable': 'The file did not arrive intact. Choose the file again and send the form once more.',
  'error.amount_cents':
    'Give the amount as a whole number of euro cents, from 0 up to 100000000 (1 million euro), such as 12550 for € 125.50.',
  'error.paid_more_than_amount':
    'More cannot have been paid than the amount of the damage. Enter at most the amount of the damage as paid.',
  'error.measure_date_window': 'Choose a date from 1 January 2000 and no more than five years after today.',
  'error.occurred_at_too_early': 'This date is too long ago. Enter a date from 1 January 2000.',
  'error.date_out_of_range': 'Enter a date between 1 January 2000 and ten years after today.',
};
