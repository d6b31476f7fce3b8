import { describe, expect, it } from 'vitest';
import { safeLocalPath } from './context.js';

describe('safeLocalPath: redirect targets from the request stay on this site', () => {
  it.each([
    '/\t/evil.example/login',
    '/\n/evil.example',
    '/\r\nSet-Cookie: x=1',
    '//evil.example',
    '/\\evil.example',
    '/\\\\evil.example',
    'https://evil.example/',
    'https:evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/ /evil.example',
    '/été',
    '/\u0000',
    '/\u2028',
    `/${'a'.repeat(2001)}`,
  ])('%j falls back', (value) => {
    expect(safeLocalPath(value)).toBe('/');
    expect(safeLocalPath(value, '/tasks')).toBe('/tasks');
  });

  it.each(['/', '/incidents', '/incidents?status=open&q=a%20b', '/account#password', '/.//still-here', '/%2F%2Fevil.example'])(
    '%j is kept as it is',
    (value) => {
      expect(safeLocalPath(value)).toBe(value);
      // What a browser makes of it is a path on this site.
      expect(new URL(value, 'https://weerbaar.example').origin).toBe('https://weerbaar.example');
    },
  );

  it('anything but a string falls back', () => {
    for (const value of [undefined, null, 5, ['/a'], { toString: () => '/a' }]) expect(safeLocalPath(value)).toBe('/');
  });
});
