import { describe, expect, it } from 'vitest';
import { issueFields } from '../../../validation.js';
import { reportForm } from './report.js';

const minimal = {
  level: 'threat',
  occurredDate: '2026-11-20',
  occurredTime: '14:30',
  channel: 'social_media',
  description: 'Dreigend bericht.',
};

describe('the report form schema', () => {
  it('names every mistake of an empty form at once, each at its own field', () => {
    const result = reportForm.safeParse({ occurredDate: '', occurredTime: '' });
    expect(result.success).toBe(false);
    expect(issueFields(result.error!)).toEqual({
      occurredDate: 'error.occurred_at_invalid',
      channel: 'error.channel_required',
      level: 'error.level_required',
      description: 'error.description_required',
    });
  });

  it('turns the answers into a report: Amsterdam time, the default target, empty parts left out', () => {
    const result = reportForm.parse({ ...minimal, behaviours: 'stalking', untilDate: '2026-11-22', onlineNormStated: 'on', draft: '1' });
    expect(result.consultation).toBeUndefined();
    expect(result.report).toMatchObject({
      occurredAt: new Date('2026-11-20T13:30:00Z'),
      occurredUntil: new Date('2026-11-22T22:59:00Z'),
      level: 'threat',
      channel: 'social_media',
      behaviours: ['stalking'],
      targets: ['self'],
      draft: true,
      injury: { physical: false, mental: false, hospital: false, lastingHarm: false, death: false },
    });
    expect(result.report.perpetrator).toBeUndefined();
    expect(result.report.online).toBeUndefined();
  });

  it('puts the report rules’ messages at the field that shows them', () => {
    const bad = reportForm.safeParse({
      ...minimal,
      onlinePlatform: 'X',
      onlineUrls: 'geen-link',
      untilDate: '2026-02-31',
      perpetratorKind: 'alien',
    });
    expect(issueFields(bad.error!)).toEqual({
      untilDate: 'error.occurred_until_invalid',
      onlineUrls: 'error.url_invalid',
      perpetratorKind: 'error.perpetrator_kind',
    });
    const before = reportForm.safeParse({ ...minimal, untilDate: '2026-11-19' });
    expect(issueFields(before.error!)).toEqual({ untilDate: 'error.occurred_until_before' });
  });
});
