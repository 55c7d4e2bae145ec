import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrate } from '../../infra/migrate';

/** A fresh, migrated database for one benchmark run, dropped afterwards. */
export async function benchDatabase(base = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/order_aggregator') {
  const url = new URL(base);
  const name = `oa_bench_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const admin = new URL(base);
      admin.pathname = '/postgres';
      const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
      await sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`;
      await sql.end();
    },
  };
}
