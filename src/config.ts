import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables the program reads; everything else has a default. */
const envSchema = z.object({
  // Digits only: coercion would read '' as port 0 (any free port) and '0x50' as 80.
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'moet een poortnummer zijn (0-65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'moet een poortnummer zijn (0-65535)'))
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'moet beginnen met postgres:// of postgresql://')
    .optional(),
  // The program's own login, when the database's administrator made one (a member of weerbaar_app).
  DATABASE_APP_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'moet beginnen met postgres:// of postgresql://')
    .optional(),
  // The password weerbaar_app logs in with; without it one is made and kept in the data directory.
  DATABASE_APP_PASSWORD: z
    .string()
    .regex(/^[\x21-\x7e]{16,200}$/, 'moet een wachtwoord van 16 tot 200 tekens zijn, zonder spaties')
    .optional(),
  WEERBAAR_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: readable lines on a terminal, JSON (one object per line) anywhere else.
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'moet beginnen met smtp:// of smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Weerbaar <noreply@localhost>'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'moet een http(s)-adres zijn' }).optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      const trust = parseTrustProxy(v);
      if (trust === undefined) {
        ctx.addIssue({
          code: 'custom',
          message:
            'moet false, true, een aantal proxy-stappen (1-10) of een lijst van IP-adressen, CIDR-reeksen of loopback/linklocal/uniquelocal zijn',
        });
        return z.NEVER;
      }
      return trust;
    }),
  // Long enough not to be guessed; any printable characters without spaces.
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{24,256}$/, 'moet een geheim van 24 tot 256 tekens zijn, zonder spaties')
    .optional(),
  SESSION_MAX_HOURS: z
    .string()
    .regex(/^\d{1,3}$/, 'moet een aantal uren zijn (1-168)')
    .transform(Number)
    .pipe(z.number().min(1, 'moet een aantal uren zijn (1-168)').max(168, 'moet een aantal uren zijn (1-168)'))
    .default(12),
  // The private key that signs the audit checkpoints, never the database's: PEM (PKCS#8), or
  // a file holding it. Without either, a key is made on first use under the data directory.
  AUDIT_SIGNING_KEY: z
    .string()
    .refine((v) => v.includes('PRIVATE KEY') || /^[A-Za-z0-9+/=\s]{40,}$/.test(v), 'moet een Ed25519-sleutel zijn (PEM, PKCS#8)')
    .optional(),
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z
    .string()
    .regex(/^\d{1,4}$/, 'moet een aantal minuten zijn (1-1440)')
    .transform(Number)
    .pipe(z.number().min(1, 'moet een aantal minuten zijn (1-1440)').max(1440, 'moet een aantal minuten zijn (1-1440)'))
    .default(5),
});

/**
 * Which proxies may say who the client is (X-Forwarded-For, -Proto): none, a number of hops
 * counted back from this server, or the proxies' own addresses. Never every hop: the first
 * entry of X-Forwarded-For is whatever the client wrote, so trusting it lets anyone pick the
 * address that rate limits count and the audit trail records. `true` is one hop (one proxy).
 */
export type TrustProxy = false | number | string[];

function parseTrustProxy(value: string): TrustProxy | undefined {
  const v = value.trim();
  if (v === 'false' || v === '0') return false;
  if (v === 'true') return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v) <= 10 ? Number(v) : undefined;
  const addresses = v.split(',').map((a) => a.trim());
  const valid = addresses.every((a) => {
    // proxy-addr's names for address ranges.
    if (['loopback', 'linklocal', 'uniquelocal'].includes(a)) return true;
    const [ip, bits, ...rest] = a.split('/');
    const version = isIP(ip ?? '');
    if (version === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
  });
  return valid && addresses.length > 0 ? addresses : undefined;
}

export interface Config {
  port: number;
  host: string;
  /**
   * External PostgreSQL, as the user that owns the schema (migrations run as it); when absent
   * the embedded server under dataDir is used.
   */
  databaseUrl: string | undefined;
  /**
   * The program's own login (DATABASE_APP_URL); without it, weerbaar_app on the same server as
   * the owner, with databaseAppPassword or the password kept in the data directory.
   */
  databaseAppUrl: string | undefined;
  /** A secret: never printed or logged. */
  databaseAppPassword: string | undefined;
  /** Absolute path; holds the embedded database and evidence files. */
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
  /** Proxies trusted for the client address and protocol: none, a number of hops, or their addresses. */
  trustProxy: TrustProxy;
  /** A session's absolute lifetime in hours, however much it is used (the idle timeout is 8 hours). */
  sessionMaxHours: number;
  /** Where notification mails go out; without it they wait in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The address people use to reach Weerbaar, for links in mails. */
  publicUrl: string;
  /** Bearer token that opens /metrics; without it /metrics answers 404. */
  metricsToken: string | undefined;
  /** Where the audit checkpoints are signed and checked (domain/audit/checkpoint.ts). */
  auditAnchor: AuditAnchorConfig;
}

export interface AuditAnchorConfig {
  /** The signing key itself (AUDIT_SIGNING_KEY), a secret: never printed or logged. */
  signingKey: string | undefined;
  /** Absolute path of the key file, read when signingKey is absent (made there when missing). */
  signingKeyFile: string;
  /** Absolute path of the directory of the append-only checkpoint files. */
  checkpointDir: string;
  /** How often the worker writes a checkpoint of every chain whose head moved. */
  intervalMinutes: number;
}

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ongeldige configuratie (invalid configuration):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(process.cwd(), e.WEERBAAR_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    databaseAppPassword: e.DATABASE_APP_PASSWORD,
    dataDir,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    trustProxy: e.TRUST_PROXY,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    metricsToken: e.METRICS_TOKEN,
    auditAnchor: {
      signingKey: e.AUDIT_SIGNING_KEY,
      signingKeyFile: e.AUDIT_SIGNING_KEY_FILE
        ? path.resolve(process.cwd(), e.AUDIT_SIGNING_KEY_FILE)
        : path.join(dataDir, 'audit-signing-key.pem'),
      checkpointDir: e.AUDIT_CHECKPOINT_DIR ? path.resolve(process.cwd(), e.AUDIT_CHECKPOINT_DIR) : path.join(dataDir, 'audit-checkpoints'),
      intervalMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    },
  };
}
