import type { tokensNl } from './tokens.nl.js';

export const tokensEn: Record<keyof typeof tokensNl, string> = {
  'tokens.title': 'My API tokens',
  'tokens.intro':
    'An API token lets a program use Weerbaar on your behalf. A token works until it expires or you revoke it. When you change your password, all your tokens are revoked.',
  'tokens.none': 'You have no API tokens yet.',
  'tokens.name': 'Name',
  'tokens.name_hint': 'What you recognise the token by, for example the program that uses it.',
  'tokens.days': 'Valid for (days)',
  'tokens.days_hint': 'From 1 to 365 days; 90 by default.',
  'tokens.create': 'Create token',
  'tokens.created_title': 'Your new API token',
  'tokens.created_once':
    'Copy the token now: it is shown only once. Keep it like a password. Use: Authorization: Bearer followed by the token.',
  'tokens.back': 'Back to my API tokens',
  'tokens.created_at': 'Created',
  'tokens.expires_at': 'Expires',
  'tokens.last_used': 'Last used',
  'tokens.never_used': 'Not used yet',
  'tokens.state': 'Status',
  'tokens.actions': 'Action',
  'tokens.state.active': 'Works',
  'tokens.state.expired': 'Expired',
  'tokens.state.revoked': 'Revoked',
  'tokens.revoke': 'Revoke: {name}',
  'tokens.revoked': 'The token has been revoked. It no longer works.',
  'tokens.name_required': 'Give the token a name.',
  'tokens.days_invalid': 'Enter a number of days from 1 to 365.',
  'tokens.link': 'My API tokens',
  'error.own_roles': 'You cannot change your own roles. Ask another administrator to do it; they are told of the change too.',
  'error.adviser_always_informed':
    'The security adviser is always informed of every incident (protocol). Keep "Security adviser" ticked.',
  'notification.case_role_changed': 'The roles of a colleague with access to incidents have changed. See the change under People.',
  'incident.draft_reference': 'Draft',
};
