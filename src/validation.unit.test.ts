import { describe, expect, it } from 'vitest';
import {
  cents,
  forbiddenCharacterFields,
  hasForbiddenCharacter,
  isPlausibleDate,
  isVisibleText,
  parse,
  requiredText,
  wholeNumber,
  yearsAfter,
} from './validation.js';
import { AppError } from './errors.js';

describe('input checks shared by every schema (issue 12, findings 7 and 13)', () => {
  it('finds control characters and half surrogate pairs, but not tabs, line breaks or emoji', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'x\udc00'])
      expect(hasForbiddenCharacter(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ['tekst', 'regel\nregel\r\n\tin', '👩‍👧 Zoë', 'Bijlage \u202E', '€ 1.250,50', ''])
      expect(hasForbiddenCharacter(good), JSON.stringify(good)).toBe(false);
  });

  it('names each field with a forbidden character by its dotted path, names included', () => {
    expect(
      forbiddenCharacterFields({
        description: 'a\u0000',
        place: 'Stadhuis',
        behaviours: ['ok', '\u0000'],
        perpetrator: { name: '\u0001' },
        ['sleutel\u0000']: 'x',
      }),
    ).toEqual({
      description: 'error.text_control_characters',
      'behaviours.1': 'error.text_control_characters',
      'perpetrator.name': 'error.text_control_characters',
      _: 'error.text_control_characters',
    });
    expect(forbiddenCharacterFields('\u0000')).toEqual({ _: 'error.text_control_characters' });
    expect(forbiddenCharacterFields({ amount: 5, ok: true, none: null })).toEqual({});
  });

  it('refuses such input in parse, before the schema is asked', () => {
    const error = (() => {
      try {
        parse(requiredText(100, 'error.description_required'), 'a\u0000');
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ _: 'error.text_control_characters' });
  });

  it('tells text a reader sees from spaces and zero-width characters', () => {
    for (const invisible of ['', ' ', '\u200B\u200B', '\u200C\u200D\u2060\uFEFF', '\u200E\u200F\u202E', '\u00AD', '\u3164', '\u2800'])
      expect(isVisibleText(invisible), JSON.stringify(invisible)).toBe(false);
    for (const visible of ['a', '\u200Ba', '👩‍👧', '.']) expect(isVisibleText(visible), JSON.stringify(visible)).toBe(true);
    const description = requiredText(100, 'error.description_required');
    expect(description.safeParse('\u200B\u200B').error?.issues.map((i) => i.message)).toEqual(['error.description_required']);
    expect(description.safeParse('   ').error?.issues.map((i) => i.message)).toEqual(['error.description_required']);
    expect(description.safeParse(5).error?.issues.map((i) => i.message)).toEqual(['error.description_required']);
    expect(description.parse('  Bedreigd  ')).toBe('Bedreigd');
  });

  it('takes amounts as whole cents up to one million euro, without coercing', () => {
    const amount = cents();
    expect(amount.parse(12_550)).toBe(12_550);
    for (const bad of ['', true, [5], '125', 12.5, -1, 3e9, 100_000_001, null, Number.NaN])
      expect(amount.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('takes whole numbers from JSON or from digits typed in a form, nothing else', () => {
    const days = wholeNumber('error.number', 1, 180);
    expect(days.parse(5)).toBe(5);
    expect(days.parse(' 72 ')).toBe(72);
    for (const bad of ['', true, [5], '1e3', '7,5', 0, 181, '  ']) expect(days.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('knows the window of plausible dates', () => {
    expect(yearsAfter('2026-12-02', 5)).toBe('2031-12-02');
    expect(isPlausibleDate('1999-12-31')).toBe(false);
    expect(isPlausibleDate('2000-01-01')).toBe(true);
    expect(isPlausibleDate('0001-01-01')).toBe(false);
    expect(isPlausibleDate('9999-12-31')).toBe(false);
  });
});
