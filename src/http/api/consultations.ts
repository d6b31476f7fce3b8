import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import {
  answerConsultation,
  askConsultation,
  getConsultation,
  listConsultations,
  reportFromConsultation,
} from '../../domain/consultation/consult.js';
import { answerSchema, askSchema } from '../../domain/consultation/consultation.js';
import { presentConsultation, presentConsultationSummary } from '../../domain/consultation/consultation.presenter.js';
import { newIncidentSchema } from '../../domain/incident/incident.schema.js';
import { apiRoute, idParams } from '../pipeline/api-route.js';
import { consultationListSchema, consultationSchema, createdSchema, okSchema } from './schemas.js';

export function consultationRoutes(app: FastifyInstance, db: Db) {
  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/consultations',
    tags: ['consultations'],
    summary: 'Ask the mayor and/or clerk whether something crosses the line',
    body: askSchema,
    response: createdSchema,
    status: 201,
    handler: async ({ tx, who, body }) => ({ id: await askConsultation(tx, who, body) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/consultations',
    tags: ['consultations'],
    summary: 'Consultations the caller takes part in',
    response: consultationListSchema,
    handler: async ({ tx, who }) => ({ data: (await listConsultations(tx, who)).map(presentConsultationSummary) }),
  });

  apiRoute(app, db, {
    method: 'GET',
    url: '/api/v1/consultations/:id',
    tags: ['consultations'],
    summary: 'One consultation with its messages',
    params: idParams,
    response: consultationSchema,
    handler: async ({ tx, who, params }) => presentConsultation(await getConsultation(tx, who, params.id)),
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/consultations/:id/messages',
    tags: ['consultations'],
    summary: 'Answer or add to a consultation',
    params: idParams,
    body: answerSchema,
    response: okSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => {
      await answerConsultation(tx, who, params.id, body);
      return { ok: true as const };
    },
  });

  apiRoute(app, db, {
    method: 'POST',
    url: '/api/v1/consultations/:id/report',
    tags: ['consultations'],
    summary: 'The asker turns the consultation into a report',
    params: idParams,
    body: newIncidentSchema,
    response: createdSchema,
    status: 201,
    errors: [409],
    handler: async ({ tx, who, params, body }) => ({ id: await reportFromConsultation(tx, who, params.id, body) }),
  });
}
