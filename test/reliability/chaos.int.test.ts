import { runChaosDrill } from '../../infra/chaos/drill';
import { FAULT_KINDS } from '../../infra/chaos/faults';
import { adminSql, databaseUrl } from '../support/databases';

/** The drill's database as a copy of the run's migrated template (jest cannot load the ESM migration runner). */
async function copyOfMigratedTemplate(databaseUrl: string): Promise<void> {
  const admin = adminSql();
  try {
    await admin`CREATE DATABASE ${admin(new URL(databaseUrl).pathname.slice(1))} TEMPLATE ${admin(process.env.TEST_TEMPLATE_DATABASE!)}`;
  } finally {
    await admin.end();
  }
}

/**
 * `npm run chaos` in its short form: the same drill (its own database and queues, a
 * worker process, RabbitMQ restarted for real), compressed to about a minute.
 */
describe('the chaos drill, short form', () => {
  it('loses no order, leaves none PENDING and breaks no invariant while every kind of fault takes its turn', async () => {
    // Prepare
    const progress: string[] = [];

    // Act
    const report = await runChaosDrill({
      durationSeconds: 28,
      ratePerSecond: 8,
      faultEverySeconds: 1,
      faultHoldSeconds: 2,
      drainTimeoutSeconds: 25,
      reapAfterSeconds: 10,
      retryBaseDelayMs: 300,
      keep: false,
      serverUrl: databaseUrl('postgres'),
      prepareDatabase: copyOfMigratedTemplate,
      log: (line) => progress.push(line),
    });

    // Assess
    const summary = {
      faultKinds: [...new Set(report.faults.map((f) => f.kind))].sort(),
      faultErrors: report.faults.flatMap((f) => (f.error ? [`${f.kind}: ${f.error}`] : [])),
      lost: report.lost,
      stillPending: report.stillPending,
      unexpectedAnswers: report.unexpectedAnswers,
      violations: report.invariants.results.filter((r) => r.count > 0),
    };
    expect(summary).toEqual({
      faultKinds: [...FAULT_KINDS].sort(),
      faultErrors: [],
      lost: 0,
      stillPending: 0,
      unexpectedAnswers: [],
      violations: [],
    });
    expect(report.placed).toBeGreaterThan(100);
    expect(report.orders.CONFIRMED).toBeGreaterThan(report.placed / 2);
    expect(report.ok).toBe(true);
  }, 150_000);
});
