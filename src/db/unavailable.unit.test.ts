import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

function withCode(error: Error, code: string): Error {
  return Object.assign(error, { code });
}

function databaseError(code: string, message = 'x'): pg.DatabaseError {
  return withCode(new pg.DatabaseError(message, 0, 'error'), code) as pg.DatabaseError;
}

describe('isDatabaseUnavailable', () => {
  it('knows a refused or broken connection and a server that shuts down or starts', () => {
    expect(isDatabaseUnavailable(withCode(new Error('connect ECONNREFUSED 127.0.0.1:5432'), 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(withCode(new Error('read ECONNRESET'), 'ECONNRESET'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode(new Error('refused'), 'ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(databaseError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(databaseError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(databaseError('08006'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('failed', { cause: new Error('Connection terminated') }))).toBe(true);
  });

  it('leaves statement errors and our own failures alone', () => {
    expect(isDatabaseUnavailable(databaseError('23505', 'duplicate key'))).toBe(false);
    expect(isDatabaseUnavailable(databaseError('22P02'))).toBe(false);
    expect(isDatabaseUnavailable(databaseError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
