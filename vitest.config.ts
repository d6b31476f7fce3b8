import { defineConfig } from 'vitest/config';

// Tests run in UTC on purpose: deadlines and dates are computed in Europe/Amsterdam explicitly,
// so a test that passes only in the developer's own time zone is a bug found.
process.env.TZ = 'UTC';

/**
 * Three tiers, each runnable alone:
 * - unit: pure code, no database (`*.unit.test.ts`), seconds;
 * - integration: against a real PostgreSQL (the embedded one, or TEST_DATABASE_URL);
 * - browser: Chromium with axe (e2e/), also on the real database.
 */
const database = { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    // Two cores: more workers only fight over argon2 and the browser.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['src/**/*.unit.test.{ts,tsx}'] } },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: ['src/**/*.unit.test.{ts,tsx}', 'src/http/components/**'],
          ...database,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.test.{ts,tsx}', 'src/http/components/**/*.test.{ts,tsx}'],
          ...database,
          // A whole protocol in Chromium on two shared cores: minutes, not seconds, when the machine is busy.
          testTimeout: 180_000,
        },
      },
    ],
  },
});
