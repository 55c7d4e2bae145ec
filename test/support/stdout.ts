/**
 * Collects what the process writes to stdout while a test runs (structured logs and EMF
 * metrics are JSON lines there), without letting it through to the test output.
 */
export interface CapturedOutput {
  /** Every JSON object written so far, in order; other output is skipped. */
  records(): Record<string, any>[];
  restore(): void;
}

export function captureStdout(): CapturedOutput {
  let text = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write);
  return {
    records: () =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, any>];
          } catch {
            return [];
          }
        }),
    restore: () => spy.mockRestore(),
  };
}

/** The metric names of the EMF records among the captured output. */
export function emfMetricNames(records: Record<string, any>[]): string[] {
  return records.flatMap((r) => (r._aws?.CloudWatchMetrics ?? []).flatMap((d: { Metrics: { Name: string }[] }) => d.Metrics.map((m) => m.Name)));
}

/** Every value recorded per metric name across the captured EMF records. */
export function emfValues(records: Record<string, any>[]): Record<string, number[]> {
  const values: Record<string, number[]> = {};
  for (const name of new Set(emfMetricNames(records))) {
    values[name] = records.filter((r) => r._aws && name in r).flatMap((r) => (Array.isArray(r[name]) ? r[name] : [r[name]]));
  }
  return values;
}
