import type { RolePolicy } from '../access/access.js';
import type { Role } from '../user/roles.js';
import { MEETING_ROLES } from './meeting.js';

/**
 * Who keeps and reads the disruption log: the clerk, the mayor (who chairs the council), the
 * municipal secretary and the security adviser — each of them all of it. For everyone else the
 * log does not exist (404), as for an incident they were not informed of.
 */
export const MEETING_ABILITIES = ['meeting.read', 'meeting.log', 'meeting.report'] as const;
export type MeetingAbility = (typeof MEETING_ABILITIES)[number];

export function keepsMeetingLog(roles: readonly Role[]): boolean {
  return roles.some((r) => (MEETING_ROLES as readonly Role[]).includes(r));
}

export const meetingPolicy: RolePolicy<MeetingAbility> = {
  resource: 'meeting',
  abilities: MEETING_ABILITIES,
  abilitiesOf: (who) => (keepsMeetingLog(who.user.roles) ? MEETING_ABILITIES : []),
};
