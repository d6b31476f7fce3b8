import { describe, expect, it } from 'vitest';
import { evidenceFileName } from './file-type.js';

describe('the name an evidence file is kept under (issue 12, finding 14)', () => {
  it('drops the characters that turn a name around, and ends in the type read from the content', () => {
    // Shown as "Bijlageexe.jpg" with the override in place.
    expect(evidenceFileName('Bijlage\u202Egpj.exe', 'image/jpeg')).toBe('Bijlagegpj.jpg');
    expect(evidenceFileName('\u2066rapport\u2069\u200F.pdf', 'application/pdf')).toBe('rapport.pdf');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F'])
      expect(evidenceFileName(`a${control}b.png`, 'image/png')).toBe('ab.png');
  });

  it('replaces an extension that promises another kind of file, keeps one that fits', () => {
    expect(evidenceFileName('foto.exe', 'image/jpeg')).toBe('foto.jpg');
    expect(evidenceFileName('foto.JPEG', 'image/jpeg')).toBe('foto.jpeg');
    expect(evidenceFileName('bericht.eml', 'message/rfc822')).toBe('bericht.eml');
    expect(evidenceFileName('scan', 'application/pdf')).toBe('scan.pdf');
    expect(evidenceFileName('versie v1.2', 'application/pdf')).toBe('versie v1.2.pdf');
    expect(evidenceFileName('schermafdruk.png.exe', 'image/png')).toBe('schermafdruk.png.png');
  });

  it('never gives a path, an empty name or one longer than 200 characters', () => {
    expect(evidenceFileName('../../etc/passwd', 'image/gif')).toBe('_.._etc_passwd.gif');
    expect(evidenceFileName('\u202E', 'image/webp')).toBe('bestand.webp');
    expect(evidenceFileName('.exe', 'image/webp')).toBe('exe.webp');
    expect(evidenceFileName(`${'a'.repeat(300)}.pdf`, 'application/pdf')).toHaveLength(200);
    expect(evidenceFileName('a\u0000b\u001f.png', 'image/png')).toBe('ab.png');
  });
});
