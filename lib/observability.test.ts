import { emfMetrics, METRICS_NAMESPACE } from './observability';
import { captureStdout } from '../test/support/stdout';

describe('EMF metrics', () => {
  it('writes what was recorded as one CloudWatch EMF record, with units and the service and stage dimensions', () => {
    // Prepare
    const metrics = emfMetrics({ serviceName: 'order-aggregator', stage: 'test' });
    const output = captureStdout();

    // Act
    try {
      metrics.count('OrdersPlaced');
      metrics.count('OrdersPlaced');
      metrics.count('SyncRows', 120);
      metrics.duration('ConfirmLatency', 850);
      metrics.flush();
    } finally {
      output.restore();
    }

    // Assess
    const [record, ...more] = output.records();
    expect(more).toEqual([]);
    const [directive] = record!._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive.Dimensions).toEqual([['service', 'stage']]);
    expect(directive.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'OrdersPlaced', Unit: 'Count' },
        { Name: 'SyncRows', Unit: 'Count' },
        { Name: 'ConfirmLatency', Unit: 'Milliseconds' },
      ]),
    );
    expect(record).toMatchObject({ service: 'order-aggregator', stage: 'test', OrdersPlaced: [1, 1], SyncRows: 120, ConfirmLatency: 850 });
  });

  it('writes nothing when nothing was recorded since the last flush', () => {
    const metrics = emfMetrics({ serviceName: 'order-aggregator', stage: 'test' });
    const output = captureStdout();
    try {
      metrics.count('OrdersFailed');
      metrics.flush();
      metrics.flush();
    } finally {
      output.restore();
    }
    expect(output.records()).toHaveLength(1);
  });
});
