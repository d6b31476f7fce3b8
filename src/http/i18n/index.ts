import { aftercareEn } from './aftercare.en.js';
import { aftercareNl } from './aftercare.nl.js';
import { caseEn } from './case.en.js';
import { caseNl } from './case.nl.js';
import { en } from './en.js';
import { incidentsEn } from './incidents.en.js';
import { incidentsNl } from './incidents.nl.js';
import { measuresEn } from './measures.en.js';
import { measuresNl } from './measures.nl.js';
import { nl, type MessageKey } from './nl.js';
import { perpetratorsEn } from './perpetrators.en.js';
import { perpetratorsNl } from './perpetrators.nl.js';

export type Lang = 'nl' | 'en';
export type { MessageKey };
export type Translate = (key: MessageKey | string, params?: Record<string, string>) => string;

// One dictionary per area, merged: areas are written side by side without touching each other.
const dictionaries: Record<Lang, Record<string, string>> = {
  nl: { ...nl, ...incidentsNl, ...aftercareNl, ...caseNl, ...perpetratorsNl, ...measuresNl },
  en: { ...en, ...incidentsEn, ...aftercareEn, ...caseEn, ...perpetratorsEn, ...measuresEn },
};

/** A translator for one language; unknown keys fall back to Dutch, then to the key itself. */
export function translator(lang: Lang): Translate {
  const dict = dictionaries[lang];
  return (key, params) => {
    const text = dict[key] ?? dictionaries.nl[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`) : text;
  };
}

export function parseLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'nl';
}

/** Formats a moment as Dutch (or English) local time in Europe/Amsterdam. */
export function formatDateTime(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);
}
