import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Weerbaar';
const PERIOD_SECONDS = 30;

function totp(secretBase32: string, label: string) {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step a moment falls in (what a code is made from). */
export function totpStep(at = Date.now()): number {
  return Math.floor(at / 1000 / PERIOD_SECONDS);
}

/**
 * The time step of a valid code, or null: the current code and one step either side are
 * accepted, for clocks that drift a little. Whether the step was used before is the caller's
 * to check (a code is accepted once: see claimTotpStep).
 */
export function verifyTotp(secretBase32: string, code: string, at = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secretBase32, 'x').validate({ token: clean, window: 1, timestamp: at });
  return delta === null ? null : totpStep(at) + delta;
}

/** The code of a moment (now by default); for tests and the demo. */
export function currentTotp(secretBase32: string, at = Date.now()): string {
  return totp(secretBase32, 'x').generate({ timestamp: at });
}

/** The otpauth:// URI and an SVG QR code of it, for enrolment in an authenticator app. */
export async function totpEnrolment(secretBase32: string, email: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totp(secretBase32, email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}
