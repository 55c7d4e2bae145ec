import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { closeDependencies, dependencies } from '../lib/dependencies';
import { syncStock } from '../lib/stock/syncStock';
import type { SyncRun } from '../lib/stock/types';
import { recreateBenchDatabase } from './lib/benchDatabase';
import { fmt, markdownTable, textTable } from './lib/markdown';
import { rawUpsert } from './lib/rawUpsert';
import { changeVendorRows, onHandMismatches, readVendorCatalogue, seedVendorCatalogue, VENDORS } from './lib/syncCatalogue';
import { cpuMeter, profileSync } from './lib/syncProfile';
import { startVendorMockProcess } from './lib/vendorMockProcess';

/**
 * `npm run bench:sync`: the stock sync at catalogue scale, next to a ceiling measured in
 * the same run on the same machine.
 *
 * 1. seeds 100,000 SKUs across the three vendor mocks (straight into vendor_mock.stock);
 * 2. raw: the same rows bulk-upserted with bare unnest statements (no HTTP, no parsing);
 * 3. full: the aggregator's tables emptied, one complete sync through the vendor mocks,
 *    served over plain node:http by a process per vendor, with large pages;
 * 4. 1% changed: the quantity of 1% of the vendor rows changed, then another sync, which
 *    must write exactly those rows;
 * 5. unchanged: one more sync, which must write nothing.
 *
 * Goals: full ≥ 0.5 × raw (rows/s), and the 1%-changed sync ≥ 5 × faster than the full one.
 * Prints the table and writes it to bench/results/sync.md.
 */
const SKUS = Number(process.env.BENCH_SYNC_SKUS ?? 100_000);
const PAGE_SIZE = Number(process.env.BENCH_SYNC_PAGE_SIZE ?? 10_000);
const CHANGED_PERCENT = 1;
const DATABASE = 'order_aggregator_bench_sync';
const RESULTS = path.join(__dirname, 'results', 'sync.md');

let profile: ReturnType<typeof profileSync> | undefined;
let cpu: ReturnType<typeof cpuMeter> | undefined;
const loadAtStart = os.loadavg()[0]!;

interface Measure {
  name: string;
  rows: number;
  written: number;
  ms: number;
  cpu: CpuSpent;
  run?: SyncRun;
}

type CpuSpent = ReturnType<ReturnType<typeof cpuMeter>['take']>;

async function main(): Promise<void> {
  const started = Date.now();
  const db = await recreateBenchDatabase(DATABASE);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  const mocks: Awaited<ReturnType<typeof startVendorMockProcess>>[] = [];
  try {
    log(`seeding ${fmt(SKUS)} SKUs across the three vendor mocks`);
    const rows = await seedVendorCatalogue(sql, SKUS);
    const catalogue = await readVendorCatalogue(sql);
    const measures: Measure[] = [];

    log(`raw unnest upsert of ${fmt(rows)} vendor rows`);
    const rawCpu = cpuMeter([], DATABASE);
    const rawMs = await timed(() => rawUpsert(sql, catalogue, PAGE_SIZE));
    measures.push({ name: 'raw unnest upsert', rows, written: rows, ms: rawMs, cpu: rawCpu.take() });
    // The sync starts from the same empty tables as the raw upsert did.
    await sql`TRUNCATE vendor_stock, products CASCADE`;

    // One process per vendor, as three vendors would be three servers: one vendor's
    // rendering of a page does not queue another's requests behind it.
    for (const vendorId of VENDORS) {
      const mock = await startVendorMockProcess(db.url);
      mocks.push(mock);
      await sql`UPDATE vendors SET base_url = ${`${mock.url}/vendors/${vendorId}`} WHERE id = ${vendorId}`;
    }
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      VENDOR_PAGE_SIZE: String(PAGE_SIZE),
      VENDOR_TIMEOUT_MS: '30000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'SILENT',
    });
    const deps = dependencies();
    profile = process.env.BENCH_SYNC_PROFILE ? profileSync(deps) : undefined;
    cpu = cpuMeter(mocks.map((m) => m.pid), DATABASE);

    log('full sync into the empty catalogue');
    measures.push(await measuredSync(deps, 'full sync', rows));
    await expectConsistent(sql, 'full sync');

    // The later syncs meet the catalogue at rest, as they would a minute after the last
    // one: vacuumed and analysed, not with autovacuum busy on 200,000 fresh rows.
    await sql`VACUUM (ANALYZE) products, vendor_stock, vendors`;
    const changed = await changeVendorRows(sql, CHANGED_PERCENT);
    log(`${CHANGED_PERCENT}%-changed sync (${fmt(changed)} rows changed at the vendors)`);
    const onePercent = await measuredSync(deps, `${CHANGED_PERCENT}%-changed sync`, rows);
    measures.push(onePercent);
    await expectConsistent(sql, `${CHANGED_PERCENT}%-changed sync`);
    if (onePercent.written !== changed) throw new Error(`the ${CHANGED_PERCENT}%-changed sync wrote ${onePercent.written} vendor rows, ${changed} changed`);

    log('unchanged sync');
    const unchanged = await measuredSync(deps, 'unchanged sync', rows);
    measures.push(unchanged);
    if (unchanged.written !== 0) throw new Error(`the unchanged sync wrote ${unchanged.written} vendor rows`);

    report(measures, { rows, changed, totalMs: Date.now() - started });
  } finally {
    await Promise.all(mocks.map((m) => m.stop()));
    await closeDependencies();
    await sql.end();
    if (!process.env.BENCH_KEEP_DATABASE) await db.drop();
  }
}

async function measuredSync(deps: ReturnType<typeof dependencies>, name: string, rows: number): Promise<Measure> {
  let outcome: Awaited<ReturnType<typeof syncStock>> | undefined;
  cpu!.take();
  const ms = await timed(async () => {
    outcome = await syncStock(deps, { trigger: 'bench' });
  });
  const spent = cpu!.take();
  if (profile) log(`${name} phases (ms, summed over vendors): ${Object.entries(profile.take()).map(([phase, t]) => `${phase} ${fmt(t)}`).join(', ')}`);
  if (!outcome || outcome.skipped) throw new Error(`${name}: skipped, another sync holds the lock`);
  if (outcome.status !== 'succeeded') throw new Error(`${name}: ${outcome.status} ${JSON.stringify(outcome.vendors)}`);
  const seen = outcome.vendors.reduce((sum, v) => sum + v.rowsSeen, 0);
  if (seen !== rows) throw new Error(`${name}: saw ${seen} rows of ${rows}`);
  return { name, rows, written: outcome.vendors.reduce((sum, v) => sum + v.rowsChanged, 0), ms, cpu: spent, run: outcome };
}

async function expectConsistent(sql: postgres.Sql, after: string): Promise<void> {
  const mismatches = await onHandMismatches(sql);
  if (mismatches) throw new Error(`after the ${after}, ${mismatches} products' on-hand stock differs from what the vendors hold`);
}

function report(measures: Measure[], run: { rows: number; changed: number; totalMs: number }): void {
  const rate = (m: Measure) => (m.rows / m.ms) * 1000;
  const [raw, full, onePercent, unchanged] = measures as [Measure, Measure, Measure, Measure];
  const header = ['case', 'rows read', 'rows written', 'time', 'rows/s', 'CPU: bench process', 'vendor mocks', 'PostgreSQL'];
  const rows = measures.map((m) => [
    m.name,
    fmt(m.rows),
    fmt(m.written),
    `${fmt(m.ms)} ms`,
    fmt(rate(m)),
    `${fmt(m.cpu.self)} ms`,
    m.name.startsWith('raw') ? '' : `${fmt(m.cpu.vendorMocks)} ms`,
    `${fmt(m.cpu.postgres)} ms`,
  ]);
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7]);
  const fullVsRaw = rate(full) / rate(raw);
  const speedup = full.ms / onePercent.ms;
  const goals = [
    `full sync / raw upsert: ${fmt(fullVsRaw, 2)}× (goal ≥ 0.50×) ${fullVsRaw >= 0.5 ? 'met' : 'MISSED'}`,
    `${CHANGED_PERCENT}%-changed sync vs full sync: ${fmt(speedup, 1)}× faster (goal ≥ 5×) ${speedup >= 5 ? 'met' : 'MISSED'}`,
    `unchanged sync vs full sync: ${fmt(full.ms / unchanged.ms, 1)}× faster`,
  ];
  const vendors = (m: Measure) =>
    (m.run?.vendors ?? []).map((v) => [m.name, v.vendorId, fmt(v.pages), fmt(v.rowsSeen), fmt(v.rowsChanged), `${fmt(v.durationMs)} ms`]);
  const vendorHeader = ['sync', 'vendor', 'pages', 'rows seen', 'rows changed', 'duration'];
  const vendorRows = [full, onePercent, unchanged].flatMap(vendors);
  const setting = `${fmt(SKUS)} SKUs, ${fmt(run.rows)} vendor rows over 3 vendors (page-json, cursor-json, csv-export), pages of ${fmt(PAGE_SIZE)} rows, ${os.cpus().length} CPUs, load average ${fmt(loadAtStart, 1)} at the start and ${fmt(os.loadavg()[0]!, 1)} at the end`;

  console.log(`\n${setting}\n\n${textTable(header, rows, numeric)}\n\n${goals.join('\n')}\n\n${textTable(vendorHeader, vendorRows, new Set([2, 3, 4, 5]))}\n`);
  const markdown = [
    '# Stock sync benchmark (`npm run bench:sync`)',
    '',
    `${new Date().toISOString()}: ${setting}. Vendor mocks served over plain node:http, one process per vendor; one PostgreSQL on the same machine; whole run ${fmt(run.totalMs / 1000, 1)} s.`,
    '',
    markdownTable(header, rows, numeric),
    '',
    ...goals.map((g) => `- ${g}`),
    '',
    markdownTable(vendorHeader, vendorRows, new Set([2, 3, 4, 5])),
    '',
    'raw: the same rows written with bare unnest statements (products, then vendor_stock), one connection, no HTTP or parsing;',
    'the syncs read every row through the vendor APIs, parse and validate it, write what changed and recompute on-hand stock.',
    'CPU: of the bench process (the sync), of the vendor mock processes, and of the PostgreSQL backends of the bench database;',
    'the machine is shared, so compare figures within one run (the load average above says how busy it was).',
    '',
  ].join('\n');
  writeFileSync(RESULTS, markdown);
  log(`written to ${path.relative(process.cwd(), RESULTS)}`);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function log(line: string): void {
  console.log(`[bench:sync] ${line}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
