import postgres from 'postgres';
import { migrate } from '../../infra/migrate';

/**
 * A database of the sync bench's own, dropped and created anew on every run, so each run
 * starts from the same empty, migrated state whatever the last one left behind.
 */
export async function recreateBenchDatabase(name: string, base = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/order_aggregator') {
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const url = new URL(base);
  url.pathname = `/${name}`;
  const drop = async () => {
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    try {
      await sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`;
    } finally {
      await sql.end();
    }
  };
  await drop();
  await migrate(url.toString());
  return { url: url.toString(), drop };
}
