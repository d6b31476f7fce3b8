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
});
