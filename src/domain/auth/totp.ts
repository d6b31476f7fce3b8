import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Weerbaar';

function totp(secretBase32: string, label: string) {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** Accepts the current code and one step either side, for clocks that drift a little. */
export function verifyTotp(secretBase32: string, code: string): boolean {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return false;
  return totp(secretBase32, 'x').validate({ token: clean, window: 1 }) !== null;
}

export function currentTotp(secretBase32: string): string {
  return totp(secretBase32, 'x').generate();
}

/** The otpauth:// URI and an SVG QR code of it, for enrolment in an authenticator app. */
export async function totpEnrolment(secretBase32: string, email: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totp(secretBase32, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}
