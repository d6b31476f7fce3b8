import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults that start the embedded database under ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: path.resolve('data') });
  });

  it('names every bad variable in one clear message', () => {
    expect(() => loadConfig({ PORT: 'drieduizend', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'drieduizend', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT');
      expect((error as Error).message).toContain('DATABASE_URL');
    }
  });

  it('accepts an external PostgreSQL and a data directory', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/weerbaar', WEERBAAR_DATA_DIR: '/srv/weerbaar', PORT: '8080' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u:p@db:5432/weerbaar', dataDir: '/srv/weerbaar', port: 8080 });
  });

  it('trusts no proxy by default, and `true` as one hop: never every X-Forwarded-For entry', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', '::1']);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
  });

  it.each(['yes', '11', '10.0.0.256', '10.0.0.0/33', 'proxy.example', '10.0.0.1,,10.0.0.2', ''])('refuses TRUST_PROXY=%s', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });

  it('gives a session 12 hours at most unless SESSION_MAX_HOURS says otherwise', () => {
    expect(loadConfig({}).sessionMaxHours).toBe(12);
    expect(loadConfig({ SESSION_MAX_HOURS: '24' }).sessionMaxHours).toBe(24);
    for (const bad of ['0', '169', 'twaalf', '1.5']) expect(() => loadConfig({ SESSION_MAX_HOURS: bad })).toThrow(/SESSION_MAX_HOURS/);
  });
});
