import type { Consultation } from './consultation.js';

/** A consultation in a list: the question and who asked, no messages. */
export function presentConsultationSummary(c: Omit<Consultation, 'messages'>) {
  return {
    id: c.id,
    question: c.question,
    status: c.status,
    asker: c.asker,
    incidentId: c.incidentId,
    createdAt: c.createdAt.toISOString(),
  };
}

/** One consultation with its messages, for a participant. */
export function presentConsultation(c: Consultation) {
  return {
    ...presentConsultationSummary(c),
    messages: c.messages.map((m) => ({ id: m.id, author: m.author, body: m.body, createdAt: m.createdAt.toISOString() })),
  };
}
