import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every metric the service emits. */
export const METRICS_NAMESPACE = 'OrderAggregator';

export type CountMetric =
  | 'OrdersPlaced'
  | 'OrdersConfirmed'
  | 'OrdersRejected'
  | 'OrdersFailed'
  /** A confirmation delivery after the first (SQS receive count above 1). */
  | 'ConfirmRetries'
  /** Vendor rows read by a stock sync, changed by it, and vendors whose read failed. */
  | 'SyncRows'
  | 'SyncRowsChanged'
  | 'SyncErrors';

/** From the order's creation to its confirmation. */
export type DurationMetric = 'ConfirmLatency';

/**
 * The metrics port: use cases say what happened, the adapter decides how it leaves the
 * process. Nothing leaves until `flush`, which the entry points (HTTP chain, queue
 * handler, scheduled handlers) call at the end of an invocation: in Lambda one
 * invocation's figures go out as one record. A process serving several invocations at
 * once (serverless offline, the local worker) may flush another's figures with its own,
 * which changes no sum.
 */
export interface MetricsRecorder {
  count(name: CountMetric, value?: number): void;
  duration(name: DurationMetric, milliseconds: number): void;
  flush(): void;
}

export const noMetrics: MetricsRecorder = { count: () => {}, duration: () => {}, flush: () => {} };

/**
 * CloudWatch Embedded Metric Format through Powertools: JSON lines on stdout that Lambda's
 * log pipeline turns into metrics, with no API call on the request path. Locally the same
 * lines show in the console; POWERTOOLS_METRICS_DISABLED=true silences them.
 */
export function emfMetrics(options: { serviceName: string; stage: string; namespace?: string }): MetricsRecorder {
  const metrics = new Metrics({
    namespace: options.namespace ?? METRICS_NAMESPACE,
    serviceName: options.serviceName,
    defaultDimensions: { stage: options.stage },
  });
  return {
    count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
    duration: (name, milliseconds) => metrics.addMetric(name, MetricUnit.Milliseconds, Math.max(0, milliseconds)),
    flush: () => {
      // Publishing an empty set would log a warning on every request that recorded nothing.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
