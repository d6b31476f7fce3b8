import { pdfMaker } from '../../domain/measure/letter-render.js';
import type { AccessExport, ExportValue } from '../../domain/request/request.js';
import { formatDateTime, isMessageKey, type Lang, type Translate } from '../i18n/index.js';
import { formatDay } from '../displayed.js';

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A value as a person reads it: dates written out in Amsterdam time, yes/no, lists joined. */
function shown(value: ExportValue, t: Translate, lang: Lang): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return t(value ? 'requests.pdf.yes' : 'requests.pdf.no');
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.join(', ');
  if (typeof value === 'number') return String(value);
  if (ISO_MOMENT.test(value)) return formatDateTime(new Date(value), lang);
  if (ISO_DAY.test(value)) return formatDay(value, lang);
  return value;
}

function label(key: string, t: Translate): string {
  const name = `requests.item.${key}`;
  return isMessageKey(name) ? t(name) : key;
}

/**
 * The access export as a PDF (A4), made from the same JSON that was reviewed, so the two never
 * differ; it ends with what was left out and on which ground. `compress: false` for tests.
 */
export async function renderAccessExportPdf(
  data: AccessExport,
  t: Translate,
  lang: Lang,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const content: object[] = [
    { text: data.organisation, bold: true, fontSize: 14, margin: [0, 0, 0, 12] },
    { text: t('requests.pdf.title'), bold: true, fontSize: 16, margin: [0, 0, 0, 8] },
    { text: `${t('requests.pdf.subject')}: ${data.subject.name}` },
    { text: t('requests.received', { date: formatDay(data.request.receivedOn, lang) }) },
    { text: `${t('requests.pdf.compiled')}: ${formatDateTime(new Date(data.compiledAt), lang)}`, margin: [0, 0, 0, 12] },
    { text: t('requests.pdf.intro', { organisation: data.organisation }), margin: [0, 0, 0, 12] },
  ];
  for (const section of data.sections) {
    content.push({ text: t(`requests.section.${section.key}`), bold: true, fontSize: 13, margin: [0, 12, 0, 6] });
    for (const item of section.items) {
      content.push({
        text: Object.entries(item)
          .map(([key, value]) => `${label(key, t)}: ${shown(value, t, lang)}`)
          .join('\n'),
        margin: [0, 0, 0, 8],
      });
    }
  }
  content.push({ text: t('requests.pdf.omitted'), bold: true, fontSize: 13, margin: [0, 12, 0, 6] });
  if (data.omitted.length === 0) content.push({ text: t('requests.review_nothing_omitted') });
  for (const o of data.omitted) {
    content.push({
      text: `${t(`requests.omission.${o.kind}`)} (${t('requests.review_count', { count: String(o.count) })}) — ${t(`requests.ground.${o.ground}`)}`,
      margin: [0, 0, 0, 6],
    });
  }
  const definition = {
    info: { title: t('requests.pdf.title'), author: data.organisation, creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [60, 50, 60, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    content,
    ...(options.compress === false ? { compress: false } : {}),
  };
  return pdfMaker().createPdf(definition).getBuffer();
}
