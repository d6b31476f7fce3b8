import type { quickcardNl } from './quickcard.nl.js';

export const quickcardEn: Record<keyof typeof quickcardNl, string> = {
  'quickcard.link': 'What to do now',
  'quickcard.title': 'What to do now',
  'quickcard.intro': 'Is it happening now? Your own safety always comes first.',
  'quickcard.step.end': 'End the conversation and ask the person to leave the building.',
  'quickcard.step.alarm': 'Do they refuse? During office hours press the alarm button: security or the intervention team will come.',
  'quickcard.step.call':
    'No alarm button, outside office hours or outside the building: call {number} and say where you are and, if you can, what is happening.',
  'quickcard.step.safety': 'Your own safety comes first. Give the aggressor their way until the police arrive, and let it show.',
  'quickcard.step.calm': 'Stay calm and do not provoke.',
  'quickcard.call_button': 'Call 112',
  'quickcard.own_heading': 'Arrangements in your organisation',
  'quickcard.after': 'Is it over? Report it afterwards, even if it ended well.',
  'quickcard.report_link': 'Make a report',
  'quickcard.offline_ready': 'This card is now kept on this device and also works without a connection.',
  'quickcard.report_banner': 'Is it still going on? Call 112',
  'quickcard.report_banner_card': 'What to do now',
  'quickcard.settings_title': '"What to do now" card',
  'quickcard.settings_intro':
    'The "What to do now" card can be opened by anyone, also without signing in, and works on a phone without a connection. Add your organisation\'s arrangements here. Do not put names or other personal data in them.',
  'quickcard.lines': 'Own lines',
  'quickcard.lines_hint': 'One arrangement per line, at most 10 lines of 200 characters. A telephone number becomes a call button.',
  'quickcard.public_link': "Address of your organisation's card: {url}",
  'quickcard.save': 'Save',
  'error.quick_card_line_too_long': 'A line is longer than 200 characters.',
  'error.quick_card_too_many_lines': 'There are more than 10 lines.',
  'event.measure_facts': 'Facts for the letter written',
  'measure.facts': 'Facts for the letter',
  'measure.facts_hint':
    'What the perpetrator did, written in your own words for the letter. Copy nothing from the report: it belongs to the affected person.',
  'measure.facts_save': 'Save facts',
  'measure.facts_missing': 'Write the facts for the letter first; without facts no letter is made.',
  'error.letter_needs_facts': 'A letter can only be made once the facts for the letter have been written.',
  'error.facts_required': 'Write the facts for the letter.',
} as const;
