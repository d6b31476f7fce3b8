import JSZip from 'jszip';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { dutchDate, fillTemplate, paragraphs, templateSchema } from './letter-template.js';
import { renderDocx, renderPdf, type LetterContent } from './letter-render.js';

const letter: LetterContent = {
  organisation: 'Gemeente Ëlst',
  date: '1 december 2026',
  reference: 'M-00001',
  recipient: 'Jörg Janssen',
  subject: 'Besluit toegangsverbod',
  body: 'Geachte Jörg Janssen,\n\nU mag tot en met 31 januari 2027 niet komen.\nTweede regel.\n\nHoogachtend',
};

describe('letters', () => {
  it('fills known placeholders and leaves anything else as written', () => {
    const values = {
      naam: 'A. Pietersen',
      datum: '1 december 2026',
      begindatum: '',
      einddatum: '31 januari 2027',
      gemeente: 'Gemeente Test',
      gemeentenaam: 'Test',
      adres: '',
      feiten: 'Schreeuwen',
      maatregel: '',
      horen: '',
      incidentdatum: '',
      plaats: '',
      kenmerk: 'M-00007',
    };
    expect(fillTemplate('Geachte {naam}, tot {einddatum} ({kenmerk}); {onbekend} {}', values)).toBe(
      'Geachte A. Pietersen, tot 31 januari 2027 (M-00007); {onbekend} {}',
    );
  });

  it('refuses a template with a placeholder that does not exist', () => {
    expect(templateSchema.safeParse({ kind: 'ban_decision', subject: 'Besluit', body: 'Tot {eindatum}.' }).success).toBe(false);
    expect(templateSchema.safeParse({ kind: 'ban_decision', subject: 'Besluit {naam}', body: 'Tot {einddatum}.' }).success).toBe(true);
  });

  it('splits a body into paragraphs at blank lines, keeping single line breaks', () => {
    expect(paragraphs('a\nb\n\n\nc\r\n\r\nd  \n')).toEqual([['a', 'b'], ['c'], ['d', '']]);
  });

  it('writes dates out in Dutch, calendar dates without shifting a day', () => {
    expect(dutchDate('2027-01-31')).toBe('31 januari 2027');
    expect(dutchDate(new Date('2026-11-30T23:30:00Z'))).toBe('1 december 2026');
  });

  it('a DOCX is a zip whose document holds the text, diacritics included', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(letter));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const text of [
      'Gemeente Ëlst',
      'Jörg Janssen',
      'U mag tot en met 31 januari 2027 niet komen.',
      'Tweede regel.',
      'Onderwerp: Besluit toegangsverbod',
    ])
      expect(xml).toContain(text);
  });

  it('a PDF parses back to its text', async () => {
    const pdf = await renderPdf(letter);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: true });
    for (const part of ['Gemeente Ëlst', 'Jörg Janssen', 'U mag tot en met 31 januari 2027 niet komen.', 'Kenmerk: M-00001'])
      expect(text).toContain(part);
  });
});
