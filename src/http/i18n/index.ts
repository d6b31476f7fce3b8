import { accountEn } from './account.en.js';
import { accountNl } from './account.nl.js';
import { aftercareEn } from './aftercare.en.js';
import { aftercareNl } from './aftercare.nl.js';
import { authEn } from './auth.en.js';
import { calendarEn } from './calendar.en.js';
import { searchEn } from './search.en.js';
import { searchNl } from './search.nl.js';
import { calendarNl } from './calendar.nl.js';
import { authNl } from './auth.nl.js';
import { benchmarkEn } from './benchmark.en.js';
import { benchmarkNl } from './benchmark.nl.js';
import { caseEn } from './case.en.js';
import { caseNl } from './case.nl.js';
import { councilEn } from './council.en.js';
import { councilNl } from './council.nl.js';
import { en } from './en.js';
import { exportEn } from './export.en.js';
import { exportNl } from './export.nl.js';
import { incidentsEn } from './incidents.en.js';
import { insightEn } from './insight.en.js';
import { insightNl } from './insight.nl.js';
import { incidentsNl } from './incidents.nl.js';
import { measuresEn } from './measures.en.js';
import { measuresNl } from './measures.nl.js';
import { nl } from './nl.js';
import { opsEn } from './ops.en.js';
import { opsNl } from './ops.nl.js';
import { perpetratorsEn } from './perpetrators.en.js';
import { perpetratorsNl } from './perpetrators.nl.js';
import { tokensEn } from './tokens.en.js';
import { tokensNl } from './tokens.nl.js';
import { meetingsEn } from './meetings.en.js';
import { meetingsNl } from './meetings.nl.js';
import { ssoEn } from './sso.en.js';
import { ssoNl } from './sso.nl.js';
import { validationEn } from './validation.en.js';
import { validationNl } from './validation.nl.js';
import { worklistEn } from './worklist.en.js';
import { worklistNl } from './worklist.nl.js';
import { quickcardEn } from './quickcard.en.js';
import { quickcardNl } from './quickcard.nl.js';
import { retentionEn } from './retention.en.js';
import { retentionNl } from './retention.nl.js';
import { riskEn } from './risk.en.js';
import { riskNl } from './risk.nl.js';
import { requestsEn } from './requests.en.js';
import { requestsNl } from './requests.nl.js';
import { privacyEn } from './privacy.en.js';
import { privacyNl } from './privacy.nl.js';
import { trainingEn } from './training.en.js';
import { trainingNl } from './training.nl.js';
import { ZONE } from '../../time/amsterdam.js';

export type Lang = 'nl' | 'en';

// One dictionary per area, merged: areas are written side by side without touching each other.
// Each English file is typed by its Dutch one, so a key missing in either fails the typecheck.
const dutch = {
  ...nl,
  ...incidentsNl,
  ...aftercareNl,
  ...caseNl,
  ...perpetratorsNl,
  ...measuresNl,
  ...insightNl,
  ...exportNl,
  ...councilNl,
  ...benchmarkNl,
  ...authNl,
  ...validationNl,
  ...calendarNl,
  ...searchNl,
  ...opsNl,
  ...tokensNl,
  ...worklistNl,
  ...quickcardNl,
  ...retentionNl,
  ...accountNl,
  ...meetingsNl,
  ...ssoNl,
  ...riskNl,
  ...requestsNl,
  ...privacyNl,
  ...trainingNl,
};

/** Every text the interface can show. A key that does not exist fails `npm run typecheck`. */
export type MessageKey = keyof typeof dutch;

const dictionaries: Record<Lang, Record<MessageKey, string>> = {
  nl: dutch,
  en: {
    ...en,
    ...incidentsEn,
    ...aftercareEn,
    ...caseEn,
    ...perpetratorsEn,
    ...measuresEn,
    ...insightEn,
    ...exportEn,
    ...councilEn,
    ...benchmarkEn,
    ...authEn,
    ...validationEn,
    ...calendarEn,
    ...searchEn,
    ...opsEn,
    ...tokensEn,
    ...worklistEn,
    ...quickcardEn,
    ...retentionEn,
    ...accountEn,
    ...meetingsEn,
    ...ssoEn,
    ...riskEn,
    ...requestsEn,
    ...privacyEn,
    ...trainingEn,
  },
};

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/** Whether a string from data (an error's key, a validation message) is a text we have. */
export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(dutch, value);
}

/** A translator for one language. */
export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key];
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`) : text;
  };
}

export function parseLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'nl';
}

// Built once: constructing an Intl.DateTimeFormat costs more than formatting with it (it showed
// in the benchmark's CPU profile of the incident page).
const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' }),
};

/** Formats a moment as Dutch (or English) local time in Europe/Amsterdam. */
export function formatDateTime(date: Date, lang: Lang): string {
  return dateTimeFormats[lang].format(date);
}
