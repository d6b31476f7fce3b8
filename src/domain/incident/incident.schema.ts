import { z } from 'zod';
import { EARLIEST_DATE, requiredText } from '../../validation.js';
import { GROUPS, ROLES } from '../user/roles.js';
import { BEHAVIOURS, CHANNELS, LEVELS, PERPETRATOR_KINDS, TARGETS } from './norm.js';

const text = (max: number, key = 'error.text_too_long') => z.string().trim().max(max, key);
const optionalText = (max: number) =>
  text(max)
    .optional()
    .transform((v) => (v ? v : undefined));
const EARLIEST_INSTANT = Date.parse(`${EARLIEST_DATE}T00:00:00+01:00`);
/** When something happened: a moment with its offset, not before 2000 (no case here is older). */
const moment = (key: string) =>
  z.iso
    .datetime({ offset: true, error: key })
    .transform((v) => new Date(v))
    .refine((at) => at.getTime() >= EARLIEST_INSTANT, 'error.occurred_at_too_early');
/** A few minutes for a clock that runs ahead. */
const isFuture = (at: Date) => at.getTime() > Date.now() + 5 * 60_000;

export const injurySchema = z.object({
  physical: z.boolean().default(false),
  mental: z.boolean().default(false),
  hospital: z.boolean().default(false),
  lastingHarm: z.boolean().default(false),
  death: z.boolean().default(false),
});

export const perpetratorSchema = z.object({
  kind: z.enum(PERPETRATOR_KINDS, { error: 'error.perpetrator_kind' }),
  name: optionalText(200),
  details: optionalText(2000),
});

export const onlineSchema = z.object({
  platform: requiredText(100, 'error.platform_required'),
  account: optionalText(200),
  urls: z
    .array(z.url({ protocol: /^https?$/, error: 'error.url_invalid' }).max(2000, 'error.url_invalid'))
    .max(50)
    .default([]),
  normStated: z.boolean().optional(),
  platformNotified: z.boolean().optional(),
});

/** A new report (API and form alike). Only what happened, when, how and the level are required. */
export const newIncidentSchema = z
  .object({
    occurredAt: moment('error.occurred_at_invalid'),
    /** For a period (stalking): when it ended or the latest moment. */
    occurredUntil: moment('error.occurred_until_invalid').optional(),
    channel: z.enum(CHANNELS, { error: 'error.channel_required' }),
    level: z.enum(LEVELS, { error: 'error.level_required' }),
    behaviours: z
      .array(z.enum(BEHAVIOURS, { error: 'error.behaviour_invalid' }))
      .max(BEHAVIOURS.length)
      .default([])
      .transform((b) => [...new Set(b)]),
    description: requiredText(10_000, 'error.description_required'),
    place: optionalText(500),
    targets: z
      .array(z.enum(TARGETS, { error: 'error.target_invalid' }))
      .max(TARGETS.length)
      .default(['self'])
      .transform((t) => [...new Set(t)]),
    affectedUserIds: z
      .array(z.uuid({ error: 'error.user_unknown' }))
      .max(50)
      .optional(),
    onBehalfOf: z.uuid({ error: 'error.user_unknown' }).optional(),
    perpetrator: perpetratorSchema.optional(),
    witnesses: optionalText(2000),
    damage: optionalText(2000),
    online: onlineSchema.optional(),
    injury: injurySchema.optional(),
    /** Keep as a draft: only the reporter sees it and nobody is informed yet. */
    draft: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    // Runs after field errors too (zod 4), so check the shapes before comparing.
    if (!(value.occurredAt instanceof Date)) return;
    if (isFuture(value.occurredAt)) ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'error.occurred_at_future' });
    if (value.occurredUntil instanceof Date && isFuture(value.occurredUntil))
      ctx.addIssue({ code: 'custom', path: ['occurredUntil'], message: 'error.occurred_at_future' });
    if (value.occurredUntil instanceof Date && value.occurredUntil < value.occurredAt) {
      ctx.addIssue({ code: 'custom', path: ['occurredUntil'], message: 'error.occurred_until_before' });
    }
  });

export type NewIncidentInput = z.input<typeof newIncidentSchema>;
export type NewIncident = z.output<typeof newIncidentSchema>;

export const onlineMessageSchema = z.object({
  sentAt: moment('error.occurred_at_invalid').refine((at) => !isFuture(at), 'error.occurred_at_future'),
  account: optionalText(200),
  url: z
    .url({ protocol: /^https?$/, error: 'error.url_invalid' })
    .max(2000, 'error.url_invalid')
    .optional(),
  content: optionalText(10_000),
});
export type NewOnlineMessage = z.output<typeof onlineMessageSchema>;

export const transitionSchema = z.object({
  transition: z.enum(['submit', 'start', 'close', 'reopen'], { error: 'error.transition_invalid' }),
  reason: optionalText(2000),
});
export type TransitionInput = z.output<typeof transitionSchema>;

export const listFilterSchema = z.object({
  level: z.enum(LEVELS).optional(),
  status: z.enum(['draft', 'reported', 'in_progress', 'closed']).optional(),
  channel: z.enum(CHANNELS).optional(),
  // The breakdowns of insight, so a bar or a table row there opens its incidents here.
  behaviour: z.enum(BEHAVIOURS).optional(),
  target: z.enum(TARGETS).optional(),
  perpetrator_kind: z.enum([...PERPETRATOR_KINDS, 'unknown']).optional(),
  group: z.enum(GROUPS).optional(),
  role: z.enum(ROLES).optional(),
  from: z.iso.date({ error: 'error.date_invalid' }).optional(),
  to: z.iso.date({ error: 'error.date_invalid' }).optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  /** Opaque cursor from the previous page. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListFilter = z.output<typeof listFilterSchema>;
