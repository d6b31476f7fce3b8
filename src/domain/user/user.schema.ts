import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { isGuessablePassword } from '../auth/password-strength.js';
import { ROLES } from './roles.js';

export const emailSchema = z
  .string({ error: 'error.email_required' })
  .trim()
  .toLowerCase()
  .min(1, 'error.email_required')
  .max(254, 'error.email_invalid')
  .pipe(z.email({ error: 'error.email_invalid' }));

export const nameSchema = z.string({ error: 'error.name_required' }).trim().min(1, 'error.name_required').max(200, 'error.name_too_long');

/**
 * A password someone chooses (NIST SP 800-63B): at least 12 characters, any characters at all
 * (no composition rules), and not one that is common, leaked, repetitive or sequential.
 */
export const passwordSchema = z
  .string({ error: 'error.password_too_short' })
  .min(MIN_PASSWORD_LENGTH, 'error.password_too_short')
  .max(200, 'error.password_too_long')
  // Only once the length is right: one message at a time, and no estimate of 200+ characters.
  .refine(
    (password) => password.length < MIN_PASSWORD_LENGTH || password.length > 200 || !isGuessablePassword(password),
    'auth.password_guessable',
  );

export const rolesSchema = z
  .array(z.enum(ROLES, { error: 'error.role_invalid' }))
  .min(1, 'error.roles_required')
  .transform((roles) => [...new Set(roles)]);

/** A new password, typed twice; the current one unless an administrator just reset it. */
export const passwordChangeSchema = z
  .object({
    current: z.string().optional(),
    password: passwordSchema,
    confirmation: z.string({ error: 'error.password_mismatch' }),
  })
  .refine((change) => change.password === change.confirmation, { path: ['confirmation'], message: 'error.password_mismatch' });
export type PasswordChange = z.output<typeof passwordChangeSchema>;

export const newUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  roles: rolesSchema,
  /** Absent: a temporary password is generated and must be changed at first sign-in. */
  password: passwordSchema.optional(),
  /** The manager who receives this person's reports (employees), chosen when adding them too. */
  managerId: z.uuid({ error: 'error.user_unknown' }).nullable().optional(),
});
/** A new person, parsed (the page's form, the command line). */
export type NewUser = z.output<typeof newUserSchema>;

export const userChangesSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  roles: rolesSchema,
  /** The manager who receives this person's reports (employees); null for none, absent to keep. */
  managerId: z.uuid({ error: 'error.user_unknown' }).nullable().optional(),
});
export type UserChanges = z.output<typeof userChangesSchema>;

export const slugSchema = z
  .string({ error: 'error.slug_invalid' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'error.slug_invalid');

export const organisationSchema = z.object({
  name: z.string({ error: 'error.org_name_required' }).trim().min(1, 'error.org_name_required').max(200, 'error.name_too_long'),
  slug: slugSchema,
});
export type NewOrganisation = z.output<typeof organisationSchema>;
