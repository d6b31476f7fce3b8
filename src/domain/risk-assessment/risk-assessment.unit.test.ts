import { describe, expect, it } from 'vitest';
import { assessmentDue, assessRisk, type Questionnaire } from './risk-assessment.js';

const quiet: Questionnaire = {
  topic: 'Herinrichting van het dorpsplein',
  sensitivity: 'low',
  expectedAttendance: 20,
  access: 'invitation',
  earlierIncidents: false,
  expectedPerpetrators: 0,
  livestream: false,
  location: 'Raadzaal',
  chair: 'Wethouder Wit',
};

describe('the risk level of a group meeting', () => {
  it('is low for a small meeting by invitation on a quiet topic, with only the exit route suggested', () => {
    expect(assessRisk(quiet)).toEqual({ level: 'low', points: 0, reasons: [], suggested: ['exit_route'] });
  });

  it('is elevated from three points, with a fitting location and a second person', () => {
    const outcome = assessRisk({ ...quiet, sensitivity: 'medium', expectedAttendance: 40, access: 'public' });
    expect(outcome).toMatchObject({ level: 'elevated', points: 3, reasons: ['sensitive_topic', 'large_attendance', 'public_access'] });
    expect(outcome.suggested).toEqual(['fitting_location', 'second_person', 'exit_route']);
  });

  it('is high for an information evening on a shelter for asylum seekers, with every precaution suggested', () => {
    const outcome = assessRisk({ ...quiet, sensitivity: 'high', expectedAttendance: 200, access: 'public', earlierIncidents: true });
    expect(outcome.level).toBe('high');
    expect(outcome.points).toBe(8);
    expect(outcome.suggested).toEqual([
      'fitting_location',
      'security_staff',
      'second_person',
      'police_informed',
      'entrance_control',
      'exit_route',
    ]);
  });

  it('by invitation, a high risk does not suggest entrance control unless known perpetrators are expected', () => {
    const high = { ...quiet, sensitivity: 'high' as const, expectedAttendance: 150, earlierIncidents: true };
    expect(assessRisk(high).suggested).not.toContain('entrance_control');
    expect(assessRisk({ ...high, expectedPerpetrators: 1 }).suggested).toContain('entrance_control');
  });

  it('a visitor from the perpetrator register alone brings security and the police', () => {
    const outcome = assessRisk({ ...quiet, expectedPerpetrators: 2 });
    expect(outcome).toMatchObject({ level: 'elevated', reasons: ['known_perpetrators'] });
    expect(outcome.suggested).toEqual(expect.arrayContaining(['security_staff', 'police_informed', 'entrance_control']));
  });
});

describe('when the analysis is due', () => {
  const planned = new Date('2026-12-01T09:00:00Z');
  it('a week before the meeting', () => {
    expect(assessmentDue(planned, new Date('2026-12-20T18:30:00Z'))).toEqual(new Date('2026-12-13T18:30:00Z'));
  });
  it('a day after planning when the meeting is close, but never after it starts', () => {
    expect(assessmentDue(planned, new Date('2026-12-05T18:30:00Z'))).toEqual(new Date('2026-12-02T09:00:00Z'));
    expect(assessmentDue(planned, new Date('2026-12-01T19:00:00Z'))).toEqual(new Date('2026-12-01T19:00:00Z'));
  });
});
