import type { Consent, PoliceReport, PoliceView } from './police.js';

export function presentConsent(c: Consent) {
  return {
    id: c.id,
    affectedUserId: c.affectedUserId,
    affectedName: c.affectedName,
    given: c.given,
    how: c.how,
    givenAt: c.givenAt.toISOString(),
    shareBeyondHandlers: c.shareBeyondHandlers,
    recordedByName: c.recordedByName,
  };
}

export function presentPoliceReport(r: PoliceReport) {
  return {
    id: r.id,
    consentId: r.consentId,
    filedOn: r.filedOn,
    filedByName: r.filedByName,
    registrationNumber: r.registrationNumber,
    elaApplied: r.elaApplied,
    organisationAddressUsed: r.organisationAddressUsed,
    vptRequested: r.vptRequested,
    vptConfirmed: r.vptConfirmed,
    prosecutionStatus: r.prosecutionStatus,
    outcome: r.outcome,
    feedbackAffectedOn: r.feedbackAffectedOn,
    feedbackCouncilOn: r.feedbackCouncilOn,
  };
}

/** Consent and reports as the API shows them; the view already holds only what the viewer may read. */
export function presentPolice(view: PoliceView) {
  return {
    canManage: view.canManage,
    hidden: view.hidden,
    consents: view.consents.map(presentConsent),
    reports: view.reports.map(presentPoliceReport),
  };
}
