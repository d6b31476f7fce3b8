import { Document, Packer, Paragraph, TextRun } from 'docx';
import { createRequire } from 'node:module';
import type { LetterFormat } from './measure.js';
import { paragraphs } from './letter-template.js';

/** A letter ready to lay out: the filled template and its letterhead. */
export interface LetterContent {
  organisation: string;
  /** Written-out date of the letter. */
  date: string;
  reference: string;
  recipient: string;
  /** The recipient's postal address, one line per line of the address block. */
  recipientAddress?: string;
  subject: string;
  body: string;
}

const LABELS = { date: 'Datum', reference: 'Kenmerk', subject: 'Onderwerp' } as const;

/** The address block: the name, then the address as it is written in the register. */
function recipientLines(letter: LetterContent): string[] {
  const address = (letter.recipientAddress ?? '')
    .split(/\r?\n|,\s*/)
    .map((line) => line.trim())
    .filter(Boolean);
  return [letter.recipient, ...address];
}

/** A Word document (DOCX) the organisation can still edit before sending. */
export async function renderDocx(letter: LetterContent): Promise<Buffer> {
  const line = (text: string, options: { bold?: boolean; size?: number; after?: number } = {}) =>
    new Paragraph({ spacing: { after: options.after ?? 0 }, children: [new TextRun({ text, bold: options.bold, size: options.size })] });
  const document = new Document({
    creator: letter.organisation,
    title: letter.subject,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        children: [
          line(letter.organisation, { bold: true, size: 28, after: 400 }),
          ...recipientLines(letter).map((text, i, all) => line(text, { after: i === all.length - 1 ? 400 : 0 })),
          line(`${LABELS.date}: ${letter.date}`),
          line(`${LABELS.reference}: ${letter.reference}`),
          line(`${LABELS.subject}: ${letter.subject}`, { bold: true, after: 400 }),
          ...paragraphs(letter.body).map(
            (lines) =>
              new Paragraph({
                spacing: { after: 200 },
                children: lines.map((text, i) => new TextRun({ text, break: i > 0 ? 1 : undefined })),
              }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

// pdfmake 0.3 on the server: one shared instance, fonts from its virtual file system only.
interface PdfText {
  text: string;
  bold?: boolean;
  fontSize?: number;
  margin?: [number, number, number, number];
}
interface PdfDefinition {
  info: { title: string; author: string; creator: string };
  pageSize: 'A4';
  pageMargins: [number, number, number, number];
  defaultStyle: { font: string; fontSize: number; lineHeight: number };
  content: PdfText[];
  compress?: boolean;
}
interface PdfMake {
  setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  /** Any pdfmake document definition; the letter's own is typed as PdfDefinition above. */
  createPdf(definition: object): { getBuffer(): Promise<Buffer> };
}

let pdfmake: PdfMake | undefined;

/**
 * Loads pdfmake once, with Roboto in its virtual file system and no way to reach a URL or a
 * file; shared by every PDF the program makes (letters, the police preparation, the council report).
 */
export function pdfMaker(): PdfMake {
  if (pdfmake) return pdfmake;
  const require = createRequire(import.meta.url);
  const instance = require('pdfmake') as PdfMake;
  // By absolute path, so the charts' SVG text (svg-to-pdfkit opens fonts by path itself) finds them too.
  const files = {
    normal: require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'),
    bold: require.resolve('pdfmake/fonts/Roboto/Roboto-Medium.ttf'),
    italics: require.resolve('pdfmake/fonts/Roboto/Roboto-Italic.ttf'),
    bolditalics: require.resolve('pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf'),
  };
  const fonts = new Set(Object.values(files));
  instance.setFonts({ Roboto: files });
  // A template is the organisation's text, but a letter must never fetch anything: no URLs, and
  // no local file but the four fonts.
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy((file: string) => fonts.has(file));
  pdfmake = instance;
  return instance;
}

/** A PDF of the letter (A4). `compress: false` leaves the content streams readable (tests). */
export async function renderPdf(letter: LetterContent, options: { compress?: boolean } = {}): Promise<Buffer> {
  const text = (value: string, extra: Omit<PdfText, 'text'> = {}): PdfText => ({ text: value, ...extra });
  const definition: PdfDefinition = {
    info: { title: letter.subject, author: letter.organisation, creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [70, 60, 70, 60],
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.25 },
    content: [
      text(letter.organisation, { bold: true, fontSize: 14, margin: [0, 0, 0, 24] }),
      text(recipientLines(letter).join('\n'), { margin: [0, 0, 0, 24] }),
      text(`${LABELS.date}: ${letter.date}`),
      text(`${LABELS.reference}: ${letter.reference}`),
      text(`${LABELS.subject}: ${letter.subject}`, { bold: true, margin: [0, 0, 0, 24] }),
      ...paragraphs(letter.body).map((lines) => text(lines.join('\n'), { margin: [0, 0, 0, 10] })),
    ],
    ...(options.compress === false ? { compress: false } : {}),
  };
  return pdfMaker().createPdf(definition).getBuffer();
}

export const MEDIA_TYPES: Record<LetterFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

export function renderLetter(format: LetterFormat, letter: LetterContent): Promise<Buffer> {
  return format === 'docx' ? renderDocx(letter) : renderPdf(letter);
}
