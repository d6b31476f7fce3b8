import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from '../db/database.js';
import { RETRY_AFTER_SECONDS } from '../db/unavailable.js';

/** Compared as digests, so neither the length nor the content of the token leaks through timing. */
function sameToken(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * Liveness, readiness (database reachable) and Prometheus metrics. The metrics tell how busy
 * each route is (how many reports, sign-ins, uploads), so they are only for whoever holds
 * METRICS_TOKEN; without a token configured the endpoint does not exist.
 */
export function opsRoutes(app: FastifyInstance, db: Db, options: { metricsToken?: string } = {}) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'weerbaar_' });
  const duration = new client.Histogram({
    name: 'weerbaar_http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable' });
    }
  });

  const { metricsToken } = options;
  if (!metricsToken) return;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const authorization = request.headers.authorization;
    const sent = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    if (sent === undefined || !sameToken(sent, metricsToken)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('content-type', 'text/plain')
        .send('unauthorized\n');
    }
    return reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
}
