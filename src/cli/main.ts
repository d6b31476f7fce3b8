#!/usr/bin/env node
import 'dotenv/config';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.js';
import { INSTALLATION_CHAIN } from '../domain/audit/audit.js';
import { loadSigner, verifyAuditTrail, writeCheckpoints, type AuditTrailVerification } from '../domain/audit/checkpoint.js';
import {
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_DEFAULT_NAME,
  API_TOKEN_MAX_DAYS,
  createApiToken,
  listApiTokensByEmail,
  newApiTokenSchema,
  revokeApiToken,
  type ApiTokenInfo,
} from '../domain/auth/api-token.js';
import { createOrganisation } from '../domain/organisation/create-organisation.js';
import { organisationIdBySlug } from '../domain/organisation/organisation.repository.js';
import { addUser } from '../domain/user/manage-users.js';
import { isRole, ROLES } from '../domain/user/roles.js';
import { newUserSchema, organisationSchema } from '../domain/user/user.schema.js';
import { withOrganisation, withoutOrganisation, type Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { isUuid, parse } from '../validation.js';
import { openDatabase, runWorkers, serve } from '../main.js';
import { fillDemo } from './demo.js';
import path from 'node:path';
import { localEvidenceStore } from '../domain/evidence/evidence-store.js';
import { isIsoDate, type RetentionItem } from '../domain/retention/retention.js';
import { runRetention } from '../domain/retention/run-retention.js';
import { amsterdamToday } from '../time/amsterdam.js';
import { incidentReference } from '../domain/incident/incident.js';
import { CliError, EXIT, fail, print, type Output } from './output.js';

/** Runs a command with the database open, closing it whatever happens; sets the exit code. */
async function withDatabase(out: Output, fn: (db: Db) => Promise<number | void>) {
  return withOwnerDatabase(out, fn, false);
}

/**
 * As withDatabase, with the owner's pool beside the program's, for what must see every
 * organisation's rows as they are (audit verify) or rewrite times (the demo).
 */
async function withOwnerDatabase(out: Output, fn: (db: Db, owner: Db) => Promise<number | void>, keepOwner = true) {
  let database;
  try {
    database = await openDatabase(loadConfig(), { shareRunning: true, keepOwner });
    process.exitCode = (await fn(database.db, database.owner ?? database.db)) ?? EXIT.ok;
  } catch (error) {
    process.exitCode = fail(out, error);
  } finally {
    await database?.close();
  }
}

async function organisationId(db: Db, slug: string): Promise<string> {
  const id = await withoutOrganisation(db, (tx) => organisationIdBySlug(tx, slug));
  if (!id) throw new CliError(EXIT.notFound, 'organisation_not_found', `Geen organisatie met de korte naam "${slug}".`);
  return id;
}

/** Repeatable --role; a custom parser replaces Commander's choices check, so it checks itself. */
function collectRole(value: string, previous: string[] = []): string[] {
  if (!isRole(value)) throw new InvalidArgumentError(`Allowed choices are ${ROLES.join(', ')}.`);
  return [...previous, value];
}

const cliActor = (organisationId: string) => ({ organisationId, userId: null, originIp: null });

const program = new Command('weerbaar')
  .description('Weerbaar: melden en afhandelen van agressie en geweld tegen ambtsdragers en medewerkers')
  .option('--json', 'print machine-readable JSON')
  .showHelpAfterError()
  // Commander exits 1 on a usage mistake; scripts expect 2 (bad input) as for every other
  // bad input. Set before the subcommands are added, which copy it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage));
const out = (): Output => ({ json: Boolean(program.opts().json) });

program
  .command('serve')
  .description('start the web server (and its background workers)')
  .action(async () => {
    try {
      await serve(loadConfig());
    } catch (error) {
      process.exitCode = fail(out(), error);
    }
  });

program
  .command('worker')
  .description('run only the background workers (deadline watcher, mail outbox), e.g. on a second server')
  .action(async () => {
    try {
      await runWorkers(loadConfig());
    } catch (error) {
      process.exitCode = fail(out(), error);
    }
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => withDatabase(out(), async () => print(out(), { migrated: true }, ['Database is up to date.'])));

const org = program.command('org').description('organisations');
org
  .command('create')
  .requiredOption('--name <name>', 'name, e.g. "Gemeente Voorbeeld"')
  .requiredOption('--slug <slug>', 'short name, e.g. voorbeeld')
  .action((opts: { name: string; slug: string }) =>
    withDatabase(out(), async (db) => {
      const input = parse(organisationSchema, opts);
      const created = await withoutOrganisation(db, (tx) => createOrganisation(tx, input));
      print(out(), created, [`Organisation ${created.name} (${created.slug}) created: ${created.id}`]);
    }),
  );

const user = program.command('user').description('people');
user
  .command('add')
  .requiredOption('--org <slug>', 'organisation short name')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
  .requiredOption('--name <name>', 'full name')
  .addOption(
    new Option('--role <role>', 'role; repeat for several')
      .choices([...ROLES])
      .argParser(collectRole)
      .makeOptionMandatory(),
  )
  .option('--password <password>', 'initial password (otherwise a temporary one is printed)')
  .action((opts: { org: string; email: string; name: string; role: string[]; password?: string }) =>
    withDatabase(out(), async (db) => {
      const input = parse(newUserSchema, { email: opts.email, name: opts.name, roles: opts.role, password: opts.password });
      const orgId = await organisationId(db, opts.org);
      const added = await withOrganisation(db, orgId, (tx) => addUser(tx, cliActor(orgId), input));
      print(
        out(),
        {
          id: added.user.id,
          email: added.user.email,
          name: added.user.name,
          roles: added.user.roles,
          temporaryPassword: added.temporaryPassword,
        },
        [
          `Added ${added.user.name} <${added.user.email}> as ${added.user.roles.join(', ')}: ${added.user.id}`,
          ...(added.temporaryPassword ? [`Temporary password (change at first sign-in): ${added.temporaryPassword}`] : []),
        ],
      );
    }),
  );

const tokens = program.command('token').description('personal API tokens (Authorization: Bearer …)');

/** A person unknown by e-mail is named by the command line, which knows what it looked for. */
function personNotFound(opts: { org: string; email: string }) {
  return (error: unknown): never => {
    if (error instanceof AppError && error.status === 404) {
      throw new CliError(EXIT.notFound, 'person_not_found', `Geen persoon met e-mailadres ${opts.email} in organisatie "${opts.org}".`);
    }
    throw error;
  };
}

const presentToken = (k: ApiTokenInfo) => ({
  id: k.id,
  name: k.name,
  state: k.state,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

tokens
  .command('create')
  .description(`make a token; it works ${API_TOKEN_DEFAULT_DAYS} days unless --days says otherwise (at most ${API_TOKEN_MAX_DAYS})`)
  .requiredOption('--org <slug>', 'organisation short name')
  .requiredOption('--email <email>', 'the person the token acts as')
  .option('--name <name>', 'what the token is recognised by', API_TOKEN_DEFAULT_NAME)
  .option('--days <days>', `days the token works (1–${API_TOKEN_MAX_DAYS})`, String(API_TOKEN_DEFAULT_DAYS))
  .action((opts: { org: string; email: string; name: string; days: string }) =>
    withDatabase(out(), async (db) => {
      const input = parse(newApiTokenSchema, { name: opts.name, days: opts.days });
      const orgId = await organisationId(db, opts.org);
      const created = await withOrganisation(db, orgId, (tx) => createApiToken(tx, cliActor(orgId), opts.email, input)).catch(
        personNotFound(opts),
      );
      print(out(), { ...created, expiresAt: created.expiresAt.toISOString() }, [created.token]);
    }),
  );

tokens
  .command('list')
  .description("a person's tokens: working, expired and revoked (never the secrets)")
  .requiredOption('--org <slug>', 'organisation short name')
  .requiredOption('--email <email>', 'whose tokens')
  .action((opts: { org: string; email: string }) =>
    withDatabase(out(), async (db) => {
      const orgId = await organisationId(db, opts.org);
      const list = await withOrganisation(db, orgId, (tx) => listApiTokensByEmail(tx, orgId, opts.email)).catch(personNotFound(opts));
      print(
        out(),
        { tokens: list.map(presentToken) },
        list.length === 0
          ? ['No tokens.']
          : list.map(
              (k) =>
                `${k.id}  ${k.state.padEnd(7)}  expires ${k.expiresAt.toISOString()}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}  ${k.name}`,
            ),
      );
    }),
  );

tokens
  .command('revoke')
  .description('revoke a token by its id (from token list); it stops working at once')
  .requiredOption('--org <slug>', 'organisation short name')
  .requiredOption('--id <id>', 'the token id')
  .action((opts: { org: string; id: string }) =>
    withDatabase(out(), async (db) => {
      if (!isUuid(opts.id))
        throw new CliError(EXIT.notFound, 'token_not_found', `Geen API-sleutel met id ${opts.id} in organisatie "${opts.org}".`);
      const orgId = await organisationId(db, opts.org);
      await withOrganisation(db, orgId, (tx) => revokeApiToken(tx, cliActor(orgId), opts.id)).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) {
          throw new CliError(EXIT.notFound, 'token_not_found', `Geen API-sleutel met id ${opts.id} in organisatie "${opts.org}".`);
        }
        throw error;
      });
      print(out(), { id: opts.id, revoked: true }, [`Revoked token ${opts.id}.`]);
    }),
  );

const auditCommand = program.command('audit').description('audit trail');

/** The sentence `audit verify` prints, for each way the trail can be found broken. */
function auditVerdict(result: AuditTrailVerification): string {
  const broken = result.firstBroken;
  const missing = result.missing;
  const chain = broken?.organisationId ? ` in the chain of organisation ${broken.organisationId}` : '';
  const checkpoint = result.checkpoint;
  const signed = checkpoint?.at ? `the signed checkpoint of ${checkpoint.at} (line ${checkpoint.line} of ${checkpoint.file})` : '';
  if (result.intact)
    return `Audit trail intact: ${result.rows} rows${result.checkpoints === undefined ? '' : `; it matches ${result.checkpoints} signed checkpoints`}.`;
  switch (broken?.reason) {
    case 'sequence_gap':
      if (missing)
        return `Audit trail BROKEN: ${missing.first === missing.last ? `row ${missing.first} is` : `rows ${missing.first}-${missing.last} are`} missing${chain} (sequence_gap before row ${broken.seq}).`;
      break;
    case 'checkpoint_mismatch':
      return `Audit trail BROKEN at row ${broken.seq}${chain} (checkpoint_mismatch): it is not the row ${signed} holds; the trail was rewritten.`;
    case 'behind_checkpoint':
      return `Audit trail BROKEN at row ${broken.seq}${chain} (behind_checkpoint): ${signed} holds this row, the trail no longer does; rows were removed.`;
    case 'checkpoint_signature':
      return `Audit trail BROKEN: line ${checkpoint?.line} of ${checkpoint?.file} is not a checkpoint signed with this installation's key (checkpoint_signature).`;
    case 'checkpoints_missing':
      return `Audit trail BROKEN: the checkpoints of this installation are not in ${checkpoint?.file}; the file or the database's identity was removed (checkpoints_missing).`;
    case 'checkpoints_foreign':
      return `Audit trail BROKEN: ${checkpoint?.file} holds the checkpoints of another installation; this database's identity was changed, or the directory is shared (checkpoints_foreign).`;
    case 'checkpoint_key_missing':
      return `Audit trail BROKEN: there are checkpoints in ${checkpoint?.file} but no key to check them (set AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE) (checkpoint_key_missing).`;
    default:
      break;
  }
  return `Audit trail BROKEN at row ${broken!.seq}${chain} (${broken!.reason}).`;
}

auditCommand
  .command('verify')
  .description(
    "check the hash chains of the audit trail, and that they still match their signed checkpoints: every organisation's, or one's with --org",
  )
  .option('--org <slug>', "only this organisation's chain (to hand to its auditor)")
  .action((opts: { org?: string }) =>
    withOwnerDatabase(out(), async (db, owner) => {
      const orgId = opts.org === undefined ? undefined : await organisationId(db, opts.org);
      const result = await verifyAuditTrail(owner, loadConfig().auditAnchor, orgId);
      print(out(), result, [auditVerdict(result)]);
      return result.intact ? EXIT.ok : EXIT.auditBroken;
    }),
  );

auditCommand
  .command('checkpoint')
  .description(
    'sign the head of every audit chain that moved and append it to the checkpoint file (the worker does this every few minutes)',
  )
  .action(() =>
    withDatabase(out(), async (db) => {
      const anchor = loadConfig().auditAnchor;
      const signer = await loadSigner(anchor, { create: true });
      const { file, written } = await writeCheckpoints(db, signer!, anchor.checkpointDir, new Date());
      print(
        out(),
        {
          file,
          key: signer!.keyId,
          written: written.map((c) => ({ chain: c.chain, chainSeq: c.chainSeq, seq: c.seq, at: c.at })),
        },
        written.length === 0
          ? [`No audit chain moved since its last checkpoint (${file}).`]
          : [
              `Wrote ${written.length} signed checkpoints to ${file} (key ${signer!.keyId}):`,
              ...written.map((c) => `  ${c.chain === INSTALLATION_CHAIN ? 'installation' : c.chain}  row ${c.seq} (place ${c.chainSeq})`),
            ],
      );
    }),
  );

const retentionCommand = program.command('retention').description('retention: delete what is past its term (docs/retention.md)');
retentionCommand
  .command('run')
  .description('apply the retention rules at a date (default today), for one organisation or all; --dry-run lists what would go')
  .option('--org <slug>', 'only this organisation (short name)')
  .option('--as-of <date>', 'the date to apply the rules at, YYYY-MM-DD (default: today in Amsterdam)')
  .option('--dry-run', 'list what would be deleted, delete nothing')
  .option('--json', 'print machine-readable JSON')
  .action((opts: { org?: string; asOf?: string; dryRun?: boolean; json?: boolean }) => {
    const output: Output = { json: Boolean(opts.json) || out().json };
    return withDatabase(output, async (db) => {
      const asOf = opts.asOf ?? amsterdamToday();
      if (!isIsoDate(asOf)) throw new CliError(EXIT.usage, 'invalid_date', `--as-of moet een datum zijn als 2026-12-31, niet "${asOf}".`);
      const orgId = opts.org ? await organisationId(db, opts.org) : undefined;
      const store = localEvidenceStore(path.join(loadConfig().dataDir, 'evidence'));
      const results = await runRetention(db, store, { asOf, dryRun: Boolean(opts.dryRun), ...(orgId ? { organisationId: orgId } : {}) });
      const verb = opts.dryRun ? 'would delete' : 'deleted';
      const line = (i: RetentionItem) =>
        `  ${i.rule.padEnd(26)} ${i.kind.padEnd(24)} ${i.number ? incidentReference({ number: i.number }) : i.id}  (since ${i.since}, due ${i.due})`;
      print(output, { asOf, dryRun: Boolean(opts.dryRun), organisations: results }, [
        `Retention ${opts.dryRun ? 'dry run' : 'run'} at ${asOf}:`,
        ...results.flatMap((r) => [
          `Organisation ${r.organisationId}: ${verb} ${r.deleted.length}, flagged for review ${r.flagged.length}, held ${r.held.length}, blocked ${r.blocked.length}, files ${r.files}.`,
          ...r.deleted.map(line),
          ...r.flagged.map((i) => `${line(i)} flagged`),
          ...r.held.map((i) => `${line(i)} held: ${i.holds.join(', ')}`),
          ...r.blocked.map((i) => `${line(i)} blocked: still referred to`),
        ]),
      ]);
    });
  });

program
  .command('demo')
  .description('fill the organisation "Gemeente Voorbeeld" with a person for every role and two years of incidents')
  .action(() =>
    withOwnerDatabase(out(), async (db, owner) => {
      const demo = await fillDemo(db, owner);
      print(out(), demo, [
        `Demo organisation: ${demo.organisation.name} (${demo.organisation.slug})`,
        `Everyone signs in with the password ${demo.people[0]?.password ?? ''}. Where a second step is asked, every demo person has`,
        'the same one: add it once to an authenticator app, from this link or by typing the key:',
        `  ${demo.secondFactor.uri}`,
        `  key: ${demo.secondFactor.secret.replace(/(.{4})(?=.)/g, '$1 ')}`,
        '',
        ...demo.people.map((p) => `  ${p.roleLabel.padEnd(22)} ${p.email.padEnd(36)} ${p.name}`),
        '',
        demo.incidents > 0
          ? `Added ${demo.incidents} demo incidents over the past 12 months; ${demo.handledCases} cases handled (perpetrator, warning, police report).`
          : 'Added 0 demo incidents: the organisation already has incidents.',
      ]);
    }),
  );

await program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = fail(out(), error);
});
