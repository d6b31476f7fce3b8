import JSZip from 'jszip';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../incident/incident.js';
import { DEFAULT_LETTERS, fillTemplate } from './letter-template.js';
import { renderDocx, renderPdf } from './letter-render.js';
import { municipalityName, placeholderValues } from './letters.js';
import type { Measure } from './measure.js';

const incident = {
  number: 73,
  occurredAt: new Date('2026-11-20T13:30:00Z'),
  place: 'Stadhuis',
  description: 'Schreeuwde en gooide een stoel naar de baliemedewerker.',
} as Incident;

/** A decided ban on the perpetrator registered with an address; the hearing as given. */
function ban(hearing: Measure['hearing']): Measure {
  return {
    kind: 'ban',
    subjectName: 'Karel de Boze',
    subjectAddress: 'Dorpsstraat 1\n1234 AB Voorbeeld',
    details: 'Toegangsverbod voor het stadhuis en de publiekshal.',
    startsOn: '2026-12-01',
    endsOn: '2027-02-28',
    hearing,
  } as Measure;
}

const filled = (measure: Measure, kind: 'ban_decision' | 'written_warning' = 'ban_decision') =>
  fillTemplate(DEFAULT_LETTERS[kind].body, placeholderValues(measure, incident, 'Gemeente Voorbeeld', new Date('2026-11-25T10:00:00Z')));

describe('the letters as a new user found them', () => {
  it('says "de gemeente Voorbeeld", never "de gemeente Gemeente Voorbeeld"', () => {
    expect(municipalityName('Gemeente Voorbeeld')).toBe('Voorbeeld');
    expect(municipalityName('gemeente Súdwest-Fryslân')).toBe('Súdwest-Fryslân');
    expect(municipalityName('Utrecht')).toBe('Utrecht');
    for (const kind of ['ban_decision', 'written_warning'] as const) {
      const body = filled(ban({ kind: 'heard', statement: 'Zegt dat het niet zo bedoeld was.' }), kind);
      expect(body).toContain('de gemeente Voorbeeld');
      expect(body).not.toMatch(/gemeente Gemeente/i);
    }
  });

  it('says what was recorded about hearing, not "gehoord, of in de gelegenheid gesteld"', () => {
    const notPossible = filled(ban({ kind: 'not_possible', statement: 'Geen adres bekend.' }));
    expect(notPossible).toContain('Het was niet mogelijk u over dit voorval te horen.');
    expect(notPossible).not.toContain('U bent over dit voorval gehoord');
    expect(notPossible).not.toContain('of in de gelegenheid gesteld');
    expect(filled(ban({ kind: 'heard', statement: null }))).toContain('U bent over dit voorval gehoord.');
  });

  it('puts the facts written for the letter under the facts, the measure under the decision, and never the report', () => {
    // Issue 11 §4: a letter to a perpetrator quoted the victim's own report.
    const body = filled({
      ...ban({ kind: 'heard', statement: null }),
      facts: 'U hebt op 20 november een stoel naar een medewerker gegooid.',
    });
    const [facts, decision] = body.split('Besluit\n');
    expect(facts).toContain('U hebt op 20 november een stoel naar een medewerker gegooid.');
    expect(body).not.toContain(incident.description);
    expect(facts).not.toContain('Toegangsverbod voor het stadhuis');
    expect(decision).toContain('Toegangsverbod voor het stadhuis en de publiekshal.');
  });

  it('takes nothing from the report when the measure has no facts', () => {
    const values = placeholderValues({ ...ban(null), facts: null }, incident, 'Gemeente Voorbeeld', new Date('2026-11-25T10:00:00Z'));
    expect(values.feiten).toBe('');
    expect(Object.values(values).join('\n')).not.toContain(incident.description);
  });

  it("addresses the letter to the perpetrator's address from the register", async () => {
    const content = {
      organisation: 'Gemeente Voorbeeld',
      date: '25 november 2026',
      reference: 'M-00073',
      recipient: 'Karel de Boze',
      recipientAddress: 'Dorpsstraat 1\n1234 AB Voorbeeld',
      subject: 'Besluit toegangsverbod',
      body: filled(ban({ kind: 'heard', statement: null })),
    };
    const xml = await (await JSZip.loadAsync(await renderDocx(content))).file('word/document.xml')!.async('string');
    expect(xml).toContain('Dorpsstraat 1');
    expect(xml).toContain('1234 AB Voorbeeld');
    const { text } = await extractText(new Uint8Array(await renderPdf(content, { compress: false })), { mergePages: true });
    expect(text).toContain('Dorpsstraat 1');
    expect(text).toContain('1234 AB Voorbeeld');
  });
});
