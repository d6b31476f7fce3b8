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
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent the embedded server under dataDir is used. */
  databaseUrl: string | undefined;
  /** Absolute path; holds the embedded database and evidence files. */
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
  trustProxy: boolean;
  /** Where notification mails go out; without it they wait in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The address people use to reach Weerbaar, for links in mails. */
  publicUrl: string;
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
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(process.cwd(), e.WEERBAAR_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
  };
}
