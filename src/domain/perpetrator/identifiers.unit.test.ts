import { describe, expect, it } from 'vitest';
import { classify, cluesFromText, emptyClues, normalizeAccount, normalizePhone, tidyClues } from './identifiers.js';
import { combine } from './merge-perpetrators.js';
import type { Perpetrator } from './perpetrator.js';

describe('perpetrator identifiers', () => {
  it('writes phone numbers in one international form, and refuses what is no number', () => {
    expect(normalizePhone('06-12345678')).toBe('+31612345678');
    expect(normalizePhone('+31 (0)6 1234 5678')).toBe('+31612345678');
    expect(normalizePhone('+31 6 1234 5678')).toBe('+31612345678');
    expect(normalizePhone('0031 20 123 4567')).toBe('+31201234567');
    expect(normalizePhone('010-1234567')).toBe('+31101234567');
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    for (const bad of ['bel mij', '12', '06-1234+5678', '']) expect(normalizePhone(bad), bad).toBeUndefined();
  });

  it('writes a handle with one @ in lower case, and keeps a profile link as a link', () => {
    expect(normalizeAccount('Boze_Burger')).toBe('@boze_burger');
    expect(normalizeAccount('@@Boze_Burger ')).toBe('@boze_burger');
    expect(normalizeAccount('https://x.com/Boze')).toBe('https://x.com/boze');
  });

  it('finds e-mail addresses, numbers, handles and links in what a report says, not dates', () => {
    const clues = tidyClues(
      cluesFromText('Mailde vanaf Jan@Example.nl (ook @jdv_boos), belde 06-87654321 op 20-11-2026; zie https://x.com/JDV.'),
    );
    expect(clues).toEqual({
      names: [],
      emails: ['jan@example.nl'],
      phones: ['+31687654321'],
      accounts: ['https://x.com/jdv', '@jdv_boos'],
    });
    const loose = emptyClues();
    for (const value of ['jan@example.nl', '+31 6 87654321', 'jdv_boos']) classify(value, loose);
    expect(loose).toEqual({ names: [], emails: ['jan@example.nl'], phones: ['+31687654321'], accounts: ['@jdv_boos'] });
  });

  it("a merge keeps the kept record's fields and adds the duplicate's names and identifiers", () => {
    const base: Perpetrator = {
      id: 'a',
      kind: 'person',
      name: 'Jan de Vries',
      aliases: ['Jantje'],
      dateOfBirth: null,
      address: 'Markt 1',
      emails: ['jan@example.nl'],
      phones: [],
      socialAccounts: ['@jdv'],
      notes: null,
      mergedInto: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    };
    const duplicate: Perpetrator = {
      ...base,
      id: 'b',
      kind: 'collective',
      name: 'J. de Vries',
      aliases: ['jantje', 'Jan de Vries'],
      dateOfBirth: '1970-01-01',
      address: 'Elders 2',
      emails: ['jan@example.nl', 'jdv@example.nl'],
      phones: ['+31612345678'],
      notes: 'Belt vaak',
    };
    expect(combine(base, duplicate)).toEqual({
      kind: 'person',
      name: 'Jan de Vries',
      aliases: ['Jantje', 'J. de Vries'],
      dateOfBirth: '1970-01-01',
      address: 'Markt 1',
      emails: ['jan@example.nl', 'jdv@example.nl'],
      phones: ['+31612345678'],
      socialAccounts: ['@jdv'],
      notes: 'Belt vaak',
    });
  });
});
