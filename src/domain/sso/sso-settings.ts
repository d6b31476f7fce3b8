import type { Tx } from '../../db/database.js';
import { invalidField, notFound } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { ssoSettingsOf, type SsoInput, type SsoSettings } from './sso.js';
import { encryptClientSecret, type SsoKey } from './sso-key.js';
import { deleteSsoConfig, findSsoConfig, saveSsoConfig } from './sso.repository.js';

type OrganisationActor = Actor & { organisationId: string };

/** The organisation's SSO settings as the administrator sees them (never the secret); the read is audited. */
export async function readSsoSettings(tx: Tx, actor: OrganisationActor): Promise<SsoSettings | undefined> {
  const config = await findSsoConfig(tx);
  await audit(tx, actor, { action: 'sso.read', objectType: 'organisation', objectId: actor.organisationId });
  return config ? ssoSettingsOf(config) : undefined;
}

/**
 * Sets the organisation's single sign-on. A new secret is stored encrypted with the SSO key
 * (bound to this organisation); naming an environment variable instead keeps the secret out of
 * the database altogether; giving neither keeps what there was. Audited, never the secret.
 */
export async function configureSso(tx: Tx, actor: OrganisationActor, key: SsoKey, input: SsoInput): Promise<SsoSettings> {
  const current = await findSsoConfig(tx);
  let clientSecretEncrypted: string | null = null;
  let clientSecretEnv: string | null = null;
  if (input.clientSecret !== undefined) clientSecretEncrypted = encryptClientSecret(key, actor.organisationId, input.clientSecret);
  else if (input.clientSecretEnv !== undefined) clientSecretEnv = input.clientSecretEnv;
  else if (current?.secret.kind === 'stored') clientSecretEncrypted = current.secret.encrypted;
  else if (current?.secret.kind === 'env') clientSecretEnv = current.secret.name;
  else throw invalidField('clientSecret', 'sso.error.secret_required');
  await saveSsoConfig(tx, {
    organisationId: actor.organisationId,
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecretEncrypted,
    clientSecretEnv,
    scopes: input.scopes,
    roleMode: input.roleMode,
    groupsClaim: input.groupsClaim,
    roleMap: input.roleMode === 'groups' ? input.roleMap : {},
    jit: input.jit,
  });
  await audit(tx, actor, { action: 'sso.update', objectType: 'organisation', objectId: actor.organisationId });
  return ssoSettingsOf((await findSsoConfig(tx))!);
}

/** Switches single sign-on off: people sign in with their Weerbaar password again. */
export async function removeSso(tx: Tx, actor: OrganisationActor): Promise<void> {
  if (!(await deleteSsoConfig(tx))) throw notFound();
  await audit(tx, actor, { action: 'sso.delete', objectType: 'organisation', objectId: actor.organisationId });
}
