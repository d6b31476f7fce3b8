import { pdfMaker } from '../../../domain/measure/letter-render.js';
import type { RegisterDocument } from './register-document.js';

/** The register of processing as a PDF (A4). `compress: false` leaves the text readable (tests). */
export async function registerPdf(doc: RegisterDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const content: object[] = [
    { text: doc.organisation, bold: true, fontSize: 12, margin: [0, 0, 0, 6] },
    { text: doc.title, bold: true, fontSize: 16, margin: [0, 0, 0, 6] },
    { text: doc.generated, fontSize: 9, margin: [0, 0, 0, 12] },
  ];
  for (const section of doc.sections) {
    content.push({ text: section.title, bold: true, fontSize: 13, margin: [0, 12, 0, 6] });
    for (const text of section.paragraphs) content.push({ text, margin: [0, 0, 0, 6] });
    if (section.items.length > 0) content.push({ ul: section.items, margin: [0, 0, 0, 8] });
    if (section.table)
      content.push({
        table: {
          headerRows: 1,
          widths: section.table.header.map((_, i) => (i === 0 ? '*' : i === section.table!.header.length - 1 && i > 1 ? '*' : 'auto')),
          body: [section.table.header.map((text) => ({ text, bold: true })), ...section.table.rows],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 10],
      });
  }
  const definition = {
    info: { title: doc.title, author: doc.organisation, creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [60, 60, 60, 60],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    content,
    ...(options.compress === false ? { compress: false } : {}),
  };
  return pdfMaker().createPdf(definition).getBuffer();
}
