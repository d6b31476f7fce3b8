import type { Dimension } from '../../../domain/insight/insight.js';
import { isMessageKey, type Lang, type MessageKey, type Translate } from '../../i18n/index.js';

export type LabelKind = Dimension | 'measure_kind' | 'measure_state' | 'prosecution';

const PREFIX: Record<Exclude<LabelKind, 'month'>, string> = {
  level: 'level',
  behaviour: 'behaviour',
  channel: 'channel',
  role: 'role',
  role_category: 'insight.role_category',
  group: 'group',
  target: 'target',
  perpetrator_kind: 'perpetrator',
  status: 'status',
  measure_kind: 'measure.kind',
  measure_state: 'measure.state',
  prosecution: 'prosecution',
};

const months: Record<Lang, Intl.DateTimeFormat> = {
  nl: new Intl.DateTimeFormat('nl-NL', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** What a key of a breakdown is called on screen (a month as "mrt 2026"). */
export function labelOf(t: Translate, lang: Lang, kind: LabelKind, key: string): string {
  if (kind === 'month') return months[lang].format(new Date(`${key}-01T00:00:00Z`));
  const messageKey = `${PREFIX[kind]}.${key}`;
  return isMessageKey(messageKey) ? t(messageKey) : key;
}

/** The rise or fall in words: "32 meldingen, 8 meer dan vorig jaar". */
export function trendSentence(t: Translate, now: number, before: number): string {
  const count = String(now);
  const difference = String(Math.abs(now - before));
  const key: MessageKey =
    now > before ? 'insight.trend_more' : now < before ? 'insight.trend_fewer' : now === 0 ? 'insight.trend_none' : 'insight.trend_same';
  return t(now === 1 ? (`${key}_one` as MessageKey) : key, { count, difference });
}
