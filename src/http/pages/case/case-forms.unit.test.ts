import { describe, expect, it } from 'vitest';
import { consentForm, damageUpdateForm, dutyForm, securityForm } from './case-forms.js';

/** The case page's forms as people fill them in (no database). */
describe('the forms of the case page', () => {
  it('a duty is done at an Amsterdam moment; a date that does not exist is a message at the date field', () => {
    const ok = dutyForm('labour_inspectorate').parse({
      'labour_inspectorate-date': '2026-11-20',
      'labour_inspectorate-time': '12:00',
      'labour_inspectorate-how': 'Webformulier',
    });
    expect(ok.doneAt.toISOString()).toBe('2026-11-20T11:00:00.000Z');
    const bad = dutyForm('kings_commissioner').safeParse({
      'kings_commissioner-date': '2026-02-31',
      'kings_commissioner-time': '12:00',
      'kings_commissioner-how': 'Telefoon',
    });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['kings_commissioner-date', 'error.occurred_at_invalid']]);
  });

  it('consent needs how it was given', () => {
    const bad = consentForm.safeParse({
      affectedUserId: '00000000-0000-4000-8000-000000000000',
      given: 'yes',
      how: ' ',
      givenDate: '2026-11-20',
      givenTime: '11:00',
    });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['how', 'error.consent_how']]);
  });

  it('a damage item’s own form: its fields carry its id, amounts are euro', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    expect(
      damageUpdateForm.parse({
        incident: '22222222-2222-4222-8222-222222222222',
        [`kind-${id}`]: 'material',
        [`description-${id}`]: 'Bril',
        [`amount-${id}`]: '250',
        [`reimbursedOn-${id}`]: '2026-11-25',
        [`claimedOn-${id}`]: '',
        [`paidOn-${id}`]: '',
        [`paid-${id}`]: '',
        [`writtenOffOn-${id}`]: '',
      }),
    ).toEqual({
      incident: '22222222-2222-4222-8222-222222222222',
      kind: 'material',
      description: 'Bril',
      amount: 25000,
      reimbursedOn: '2026-11-25',
      claimedOn: null,
      paidOn: null,
      paid: null,
      writtenOffOn: null,
    });
  });

  it('takes amounts and days as the page shows them (€ 1.250,50 and 1 december 2026 were refused)', () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const item = damageUpdateForm.parse({
      incident: '22222222-2222-4222-8222-222222222222',
      [`kind-${id}`]: 'material',
      [`description-${id}`]: 'Bril',
      [`amount-${id}`]: '1.250,50',
      [`reimbursedOn-${id}`]: '1 december 2026',
      [`paidOn-${id}`]: '2-12-2026',
      [`paid-${id}`]: '€ 1.250,50',
    });
    expect(item).toMatchObject({ amount: 125_050, paid: 125_050, reimbursedOn: '2026-12-01', paidOn: '2026-12-02' });
    const duty = dutyForm('labour_inspectorate').parse({
      'labour_inspectorate-date': '20 november 2026',
      'labour_inspectorate-time': '12:00',
      'labour_inspectorate-how': 'Webformulier',
    });
    expect(duty.doneAt.toISOString()).toBe('2026-11-20T11:00:00.000Z');
  });

  it('security costs left empty are zero; an amount that is not one is refused', () => {
    expect(securityForm.parse({ securityDescription: 'Alarmknop', advisedBy: 'police' })).toEqual({
      securityDescription: 'Alarmknop',
      advisedBy: 'police',
      ownCostCents: 0,
      organisationCostCents: 0,
      safetyNetRequestedOn: null,
    });
    expect(
      securityForm.safeParse({ securityDescription: 'Alarmknop', advisedBy: 'police', ownCostCents: 'veel' }).error?.issues[0]?.message,
    ).toBe('error.amount');
  });
});
