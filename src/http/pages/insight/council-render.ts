import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { pdfMaker } from '../../../domain/measure/letter-render.js';
import type { Block, CouncilDocument } from './council-document.js';

/** The council report's document laid out as PDF (pdfmake, charts included) and as DOCX (docx, to edit further). */

const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

function pdfBlock(block: Block): object[] {
  switch (block.kind) {
    case 'paragraph':
      return [{ text: block.text, margin: [0, 0, 0, 8] }];
    case 'chart':
      // The SVG as vector graphics; its caption beside it, for the chart has no text of its own to read aloud.
      return [
        { text: block.caption, italics: true, fontSize: 9, margin: [0, 4, 0, 2] },
        { svg: block.svg, width: 455, margin: [0, 0, 0, 10] },
      ];
    case 'table':
      return [
        { text: block.caption, bold: true, margin: [0, 6, 0, 4] },
        {
          table: {
            headerRows: 1,
            widths: ['*', ...block.header.slice(1).map(() => 60)],
            body: [
              block.header.map((text, i) => ({ text, bold: true, alignment: i === 0 ? 'left' : 'right' })),
              ...block.rows.map((row) => row.map((text, i) => ({ text, alignment: i === 0 ? 'left' : 'right' }))),
            ],
          },
          layout: 'lightHorizontalLines',
          margin: [0, 0, 0, block.note ? 2 : 10],
        },
        ...(block.note ? [{ text: block.note, fontSize: 9, margin: [0, 0, 0, 10] }] : []),
      ];
    case 'facts':
      return [
        { text: block.caption, bold: true, margin: [0, 6, 0, 4] },
        {
          table: { widths: ['*', 90], body: block.rows.map(([label, value]) => [label, { text: value, alignment: 'right' }]) },
          layout: 'lightHorizontalLines',
          margin: [0, 0, 0, 10],
        },
      ];
  }
}

/** The report as a PDF (A4). `compress: false` leaves the text streams readable (tests). */
export async function councilPdf(doc: CouncilDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const content: object[] = [
    { text: doc.organisation, bold: true, fontSize: 12, margin: [0, 0, 0, 6] },
    { text: doc.title, bold: true, fontSize: 16, margin: [0, 0, 0, 12] },
    { text: doc.intro, margin: [0, 0, 0, 6] },
    { text: doc.legend, fontSize: 9, margin: [0, 0, 0, 12] },
  ];
  for (const section of doc.sections) {
    content.push({ text: section.title, bold: true, fontSize: 13, margin: [0, 12, 0, 6] });
    for (const block of section.blocks) content.push(...pdfBlock(block));
    for (const text of paragraphsOf(section.text ?? '')) content.push({ text, margin: [0, 0, 0, 8] });
  }
  content.push({ text: doc.footer, fontSize: 9, margin: [0, 16, 0, 0] });
  const definition = {
    info: { title: doc.title, author: doc.organisation, creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [70, 60, 70, 60],
    defaultStyle: { font: 'Roboto', fontSize: 10.5, lineHeight: 1.2 },
    content,
    ...(options.compress === false ? { compress: false } : {}),
  };
  return pdfMaker().createPdf(definition).getBuffer();
}

const line = (text: string, options: { bold?: boolean; size?: number; italics?: boolean } = {}) =>
  new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text, ...options })] });

const THIN = { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' };

function docxTable(header: string[] | null, rows: string[][]): Table {
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      children: [new Paragraph({ alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT, children: [new TextRun({ text, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, children: header.map((text, i) => cell(text, i, true)) })] : []),
      ...rows.map((row) => new TableRow({ children: row.map((text, i) => cell(text, i)) })),
    ],
  });
}

function docxBlock(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'paragraph':
      return [line(block.text)];
    case 'chart':
      // A Word document is for editing the text; the tables carry the same figures as the charts.
      return [];
    case 'table':
      return [
        line(block.caption, { bold: true }),
        docxTable(block.header, block.rows),
        ...(block.note ? [line(block.note, { size: 18 })] : [new Paragraph({ children: [] })]),
      ];
    case 'facts':
      return [line(block.caption, { bold: true }), docxTable(null, block.rows), new Paragraph({ children: [] })];
  }
}

/** The report as a Word document the clerk can still edit before it goes to the council. */
export async function councilDocx(doc: CouncilDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    line(doc.organisation, { bold: true }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
    line(doc.intro),
    line(doc.legend, { size: 18 }),
  ];
  for (const section of doc.sections) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.title)] }));
    for (const block of section.blocks) children.push(...docxBlock(block));
    for (const text of paragraphsOf(section.text ?? '')) children.push(line(text));
  }
  children.push(line(doc.footer, { size: 18 }));
  const document = new Document({
    creator: doc.organisation,
    title: doc.title,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
