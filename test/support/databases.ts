import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const BASE_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function adminSql() {
  return postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
}

/** A fresh copy of the migrated template: every suite gets its own database, dropped afterwards. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) throw new Error('TEST_TEMPLATE_DATABASE is not set: run the suites through jest (test/support/globalSetup.ts)');
  const name = `oa_test_${randomBytes(5).toString('hex')}`;
  const admin = adminSql();
  try {
    await admin`CREATE DATABASE ${admin(name)} TEMPLATE ${admin(template)}`;
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const sql = adminSql();
      try {
        await sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`;
      } finally {
        await sql.end();
      }
    },
  };
}
