import { pdfMaker } from '../measure/letter-render.js';
import { amsterdamParts } from '../../time/amsterdam.js';
import type { DisruptionEntryKind } from './meeting.js';
import type { DisruptionRead } from './meeting-log.js';

/** The entries as the evidence document names them (Dutch: the document goes to the police). */
export const LOG_TEXTS: Record<DisruptionEntryKind, string> = {
  suspended: 'vergadering geschorst',
  order_to_leave: 'vordering om de zaal te verlaten',
  stream_stopped: 'livestream stopgezet',
  police_called: 'politie gebeld na overleg met de voorzitter',
  police_arrived: 'politie aangekomen',
  left: 'persoon vertrokken of verwijderd',
  resumed: 'vergadering hervat',
  correction: 'correctie: eerdere regel ingetrokken',
  report_decision: 'besluit over aangifte',
};

const at = (d: Date) => {
  const p = amsterdamParts(d);
  return `${p.date} ${p.time}`;
};

/** The timed log as a PDF, kept with the incident as evidence (its hash is recorded there). */
export async function disruptionLogPdf(read: DisruptionRead, decidedBy: string, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { meeting, disruption, log } = read;
  const byId = new Map(log.lines.map((l) => [l.id, l]));
  const rows = log.lines.map((l) => {
    const corrects = l.correctsId ? byId.get(l.correctsId) : undefined;
    const what = [
      LOG_TEXTS[l.kind],
      l.orderNumber ? `nr. ${l.orderNumber}` : '',
      l.kind === 'report_decision' ? (l.report ? 'ja' : 'nee') : '',
      corrects ? `(corrigeert ${LOG_TEXTS[corrects.kind]} van ${at(corrects.at)})` : '',
      l.correctedBy ? '[gecorrigeerd]' : '',
      l.note ?? '',
    ]
      .filter(Boolean)
      .join(' ');
    return [at(l.at), what, `${l.loggedBy.name}, ${at(l.loggedAt)}`];
  });
  const definition = {
    info: { title: `Logboek ordeverstoring ${meeting.title}`, creator: 'Weerbaar' },
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    content: [
      { text: `Logboek ordeverstoring — ${meeting.title}`, bold: true, fontSize: 14, margin: [0, 0, 0, 10] },
      { text: `Datum: ${meeting.date}. Voorzitter: ${meeting.chair}.` },
      { text: `Wie: ${disruption.description}`, margin: [0, 0, 0, 10] },
      {
        table: { headerRows: 1, widths: [90, '*', 120], body: [['Tijd', 'Gebeurtenis', 'Gelogd door, om'], ...rows] },
      },
      {
        text: `Vorderingen: ${log.orders}.${log.offence ? ' Na de derde vordering is weigeren lokaalvredebreuk (art. 139 Sr).' : ''}`,
        margin: [0, 10, 0, 0],
      },
      { text: `Besluit aangifte: ja — ${decidedBy}.` },
    ],
    ...(options.compress === false ? { compress: false } : {}),
  };
  return pdfMaker().createPdf(definition).getBuffer();
}
