import { parseArgs } from 'node:util';
import { runChaosDrill, type ChaosOptions, type ChaosReport } from './chaos/drill';
import { parseConfig } from '../lib/config';
import { migrate } from './migrate';
import { formatInvariantReport } from './verify';

/**
 * `npm run chaos [-- --duration=SECONDS --rate=ORDERS_PER_SECOND --fault-every=SECONDS
 *   --fault-hold=SECONDS --drain-timeout=SECONDS --keep]`
 *
 * A chaos drill on this machine's PostgreSQL and RabbitMQ, in a fresh database and
 * queues (dropped afterwards unless --keep): orders at a steady rate while faults take
 * turns, then a drain and the invariant check. Exits 0 only when no order was lost, none
 * is left PENDING, no answer broke the contract and every invariant holds. The default
 * run takes 2 minutes of load and at most 2 more to drain.
 */
export function chaosOptionsFrom(argv: string[], log: (line: string) => void): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '120' },
      rate: { type: 'string', default: '10' },
      'fault-every': { type: 'string', default: '8' },
      'fault-hold': { type: 'string', default: '8' },
      'drain-timeout': { type: 'string', default: '120' },
      'reap-after': { type: 'string', default: '30' },
      keep: { type: 'boolean', default: false },
    },
  });
  const number = (name: keyof typeof values, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${values[name]}`);
    return n;
  };
  // Bounded on purpose: a drill is a test, not a load generator.
  return {
    durationSeconds: number('duration', 5, 600),
    ratePerSecond: number('rate', 1, 100),
    faultEverySeconds: number('fault-every', 1, 120),
    faultHoldSeconds: number('fault-hold', 1, 60),
    drainTimeoutSeconds: number('drain-timeout', 5, 600),
    reapAfterSeconds: number('reap-after', 5, 600),
    keep: values.keep ?? false,
    // The server of the configured database (its default runs locally); the drill's database is its own.
    // Parsed, not config(): that would cache this environment before the drill points it at its database.
    serverUrl: parseConfig(process.env).database.url,
    prepareDatabase: async (databaseUrl) => {
      await migrate(databaseUrl);
    },
    log,
  };
}

export function formatChaosReport(report: ChaosReport): string {
  const o = report.orders;
  const r = report.requests;
  const row = (label: string, value: number, note = '') => `  ${label.padEnd(22)} ${String(value).padStart(7)}${note ? `  ${note}` : ''}`;
  const violations = report.invariants.violations;
  return [
    '',
    `Chaos drill ${report.ok ? 'PASSED' : 'FAILED'} in ${(report.durationMs / 1000).toFixed(0)} s (database ${report.database}, queue ${report.queue})`,
    '',
    'faults:',
    ...report.faults.map((f) => `  ${(f.atMs / 1000).toFixed(1).padStart(6)} s  ${f.kind.padEnd(18)} ${f.error ? `FAILED: ${f.error}` : f.detail}`),
    '',
    'orders:',
    row('placed', report.placed, '202 Accepted'),
    row('confirmed', o.CONFIRMED),
    row('rejected', o.REJECTED, 'no vendor would supply a line'),
    row('failed', o.FAILED, 'gave up after the retries; stock released'),
    row('cancelled', o.CANCELLED, 'by the client'),
    row('still pending', report.stillPending),
    row('lost', report.lost, 'accepted, then missing or not final'),
    '',
    'requests:',
    row('attempted', r.attempted),
    row('refused', r.refused, '409 insufficient_stock'),
    row('answered 503', r.unavailable, 'retried with the same Idempotency-Key'),
    row('no answer', r.noAnswer, 'retried with the same Idempotency-Key'),
    row('given up', r.givenUp),
    row('not sent', r.skipped, 'client already had its maximum in flight'),
    row('unexpected answers', report.unexpectedAnswers.length),
    ...report.unexpectedAnswers.slice(0, 5).map((a) => `    ${a}`),
    '',
    `invariant violations: ${violations}`,
    formatInvariantReport(report.invariants),
  ].join('\n');
}

if (require.main === module) {
  void (async () => {
    let options: ChaosOptions;
    try {
      options = chaosOptionsFrom(process.argv.slice(2), (line) => console.log(line));
    } catch (error) {
      console.error((error as Error).message);
      process.exit(2);
    }
    try {
      const report = await runChaosDrill(options);
      console.log(formatChaosReport(report));
      if (options.keep) console.log(`kept: database ${report.database}, queues ${report.queue}*, worker log ${report.workerLog}`);
      // Exit now: a simulated vendor timeout may still hold a timer for its full 25 s.
      process.exit(report.ok ? 0 : 1);
    } catch (error) {
      console.error(`chaos drill could not run: ${(error as Error).stack ?? error}`);
      process.exit(2);
    }
  })();
}
