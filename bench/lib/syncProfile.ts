import { readdirSync, readFileSync } from 'node:fs';
import type { Dependencies } from '../../lib/dependencies';

/**
 * Where a sync spends its time, summed over vendors (which overlap, so the phases can add
 * up to more than the wall time): waiting for the next page (HTTP, the vendor's own work,
 * parsing and validation) and each of the stock store's writes. `BENCH_SYNC_PROFILE=1`.
 */
export function profileSync(deps: Dependencies): { take(): Record<string, number> } {
  let phases: Record<string, number> = {};
  const add = (phase: string, ms: number) => (phases[phase] = (phases[phase] ?? 0) + ms);
  const stock = deps.stock as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(stock)) {
    const original = stock[name]!.bind(stock);
    stock[name] = async (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return await original(...args);
      } finally {
        add(name, performance.now() - t0);
      }
    };
  }
  const read = deps.vendorStock.read.bind(deps.vendorStock);
  deps.vendorStock.read = (vendor, signal) => ({
    async *[Symbol.asyncIterator]() {
      const pages = read(vendor, signal)[Symbol.asyncIterator]();
      for (;;) {
        const t0 = performance.now();
        const next = await pages.next();
        add('read pages', performance.now() - t0);
        if (next.done) return;
        yield next.value;
      }
    },
  });
  return {
    take() {
      const taken = phases;
      phases = {};
      return taken;
    },
  };
}

/**
 * CPU time (ms) spent by this process, by others (the vendor mocks) and by the
 * PostgreSQL backends serving `database` (the sync's and the vendor mocks' queries; not
 * what other work on the machine asks of PostgreSQL), from /proc: where a sync's time goes.
 */
export function cpuMeter(otherPids: number[], database: string): { take(): { self: number; vendorMocks: number; postgres: number } } {
  const ticks = (pid: string) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  // A backend's process title: `postgres: [<cluster>: ]<user> <database> <client> <state>`.
  const postgresTicks = () =>
    readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
        } catch {
          return false;
        }
      })
      .reduce((sum, pid) => sum + ticks(pid), 0);
  const msPerTick = 1000 / 100;
  const sample = () => ({ self: process.cpuUsage(), mocks: otherPids.reduce((sum, pid) => sum + ticks(String(pid)), 0), postgres: postgresTicks() });
  let last = sample();
  return {
    take() {
      const now = sample();
      const self = (now.self.user - last.self.user + now.self.system - last.self.system) / 1000;
      const taken = { self, vendorMocks: (now.mocks - last.mocks) * msPerTick, postgres: (now.postgres - last.postgres) * msPerTick };
      last = now;
      return taken;
    },
  };
}
