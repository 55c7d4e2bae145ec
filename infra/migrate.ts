import path from 'node:path';
import postgres from 'postgres';
import { runner } from 'node-pg-migrate';
import { config } from '../lib/config';
import { describeUnreachable } from './local/preflight';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/**
 * Creates the database named in `databaseUrl` if it is missing, then applies every
 * pending migration. node-pg-migrate takes an advisory lock, so two processes starting
 * at once (CI and a developer's `npm start`) cannot apply the same migration twice.
 */
export async function migrate(databaseUrl: string, log: (line: string) => void = () => {}): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    checkOrder: true,
    log: () => {},
  });
  for (const m of applied) log(`applied migration ${m.name}`);
  return applied.map((m) => m.name);
}

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!exists) {
      await admin`CREATE DATABASE ${admin(name)}`.catch((error: { code?: string }) => {
        // 42P04: another process created it between our check and our CREATE
        if (error.code !== '42P04') throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

if (require.main === module) {
  void (async () => {
    const url = config().database.url;
    try {
      const applied = await migrate(url, (line) => console.log(line));
      console.log(applied.length ? `database up to date (${applied.length} applied)` : 'database already up to date');
    } catch (error) {
      console.error(describeUnreachable('postgres', url, error) ?? error);
      process.exitCode = 1;
    }
  })();
}
