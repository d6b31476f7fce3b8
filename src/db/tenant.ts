import { sql, type Kysely } from 'kysely';

/**
 * Puts tables under organisation isolation: row-level security on organisation_id for the
 * program's role, which may read and write them but owns none. Used by every migration that
 * adds tenant tables, so the rule is written once.
 */
export async function isolateTenantTables(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sql
      .raw(
        `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
         CREATE POLICY ${table}_isolation ON ${table} TO weerbaar_app
           USING (organisation_id = app_current_organisation())
           WITH CHECK (organisation_id = app_current_organisation());
         GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO weerbaar_app;`,
      )
      .execute(db);
  }
}
