import { parseArgs } from 'node:util';
import { config } from '../lib/config';
import { closeDependencies, dependencies } from '../lib/dependencies';
import { verifyInvariants, type InvariantReport, type VerifyOptions } from '../lib/operations/verifyInvariants';

/** The relay runs every minute in AWS (every second locally): two minutes unsent is a stuck relay. */
const DEFAULT_OUTBOX_LIMIT_SECONDS = 120;

/** One line per rule, aligned, then examples of the broken ones and what could not be checked. */
export function formatInvariantReport(report: InvariantReport): string {
  const width = Math.max(...report.results.map((r) => r.id.length));
  const lines = report.results.map((r) => `${r.count === 0 ? 'ok  ' : 'FAIL'}  ${r.id.padEnd(width)}  ${String(r.count).padStart(5)}  ${r.description}`);
  for (const r of report.results.filter((x) => x.count > 0)) {
    lines.push('', `${r.id}: ${r.count} violation${r.count === 1 ? '' : 's'}, e.g.`, ...r.examples.map((e) => `  - ${e}`));
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push('', report.ok ? 'all invariants hold' : `${report.violations} violation${report.violations === 1 ? '' : 's'} in total`);
  return lines.join('\n');
}

/** Limits from the command line, defaulting to the reaper's own patience. */
export function verifyOptionsFrom(argv: string[]): VerifyOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      'pending-limit': { type: 'string' },
      'outbox-limit': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seconds = (value: string | undefined, fallback: number, name: string) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number of seconds, got ${value}`);
    return n;
  };
  return {
    pendingLimitSeconds: seconds(values['pending-limit'], config().orders.reapPendingAfterSeconds, 'pending-limit'),
    outboxLimitSeconds: seconds(values['outbox-limit'], DEFAULT_OUTBOX_LIMIT_SECONDS, 'outbox-limit'),
    json: values.json ?? false,
  };
}

/**
 * `npm run verify [-- --pending-limit=SECONDS --outbox-limit=SECONDS --json]`: checks the
 * invariants on the database DATABASE_URL names (and the vendor mocks' orders in it),
 * prints one line per invariant with its violation count, and exits 1 on any violation.
 */
async function main(): Promise<void> {
  const options = verifyOptionsFrom(process.argv.slice(2));
  const deps = dependencies();
  try {
    const report = await verifyInvariants(deps, options);
    console.log(options.json ? JSON.stringify(report, null, 2) : formatInvariantReport(report));
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await closeDependencies();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`verify could not run: ${error.message}`);
    process.exitCode = 2;
  });
}
