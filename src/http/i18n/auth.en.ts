import type { authNl } from './auth.nl.js';

export const authEn: Record<keyof typeof authNl, string> = {
  'auth.password_guessable':
    'This password is too easy to guess: it appears in lists of common or leaked passwords, repeats characters or contains your name. Choose a sentence of a few words nobody would expect from you.',
  'auth.password_attempts':
    'The current password was entered wrongly too often. Try again in 15 minutes, or ask an administrator for a new password.',
  'auth.code_used': 'This code has been used already. Wait until the app shows a new code and enter that one.',
  'auth.other_sessions_ended': 'Your password has been changed. You have been signed out on your other devices.',
};
