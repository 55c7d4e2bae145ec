import { createLogger, withLogKeys } from './logger';
import { captureStdout } from '../test/support/stdout';

describe('logger', () => {
  it('adds the keys of the enclosing scopes to every line, across awaits, and lets a key given at the call win', async () => {
    // Prepare
    const logger = createLogger('test', 'INFO');
    const output = captureStdout();

    // Act
    try {
      await withLogKeys({ requestId: 'req-1' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await withLogKeys({ orderId: 'order-1' }, async () => logger.info('inner', { lines: 2 }));
        logger.info('outer', { requestId: 'given-at-call' });
      });
      logger.info('outside');
    } finally {
      output.restore();
    }

    // Assess
    const byMessage = Object.fromEntries(output.records().map((r) => [r.message, r]));
    expect(byMessage.inner).toMatchObject({ level: 'INFO', service: 'test', requestId: 'req-1', orderId: 'order-1', lines: 2 });
    expect(byMessage.outer).toMatchObject({ requestId: 'given-at-call' });
    expect(byMessage.outer).not.toHaveProperty('orderId');
    expect(byMessage.outside).not.toHaveProperty('requestId');
  });

  it('keeps concurrent scopes apart', async () => {
    const logger = createLogger('test', 'INFO');
    const output = captureStdout();
    try {
      await Promise.all(
        ['a', 'b', 'c'].map((id, i) =>
          withLogKeys({ requestId: id }, async () => {
            await new Promise((resolve) => setTimeout(resolve, 5 - i));
            logger.info(`work of ${id}`);
          }),
        ),
      );
    } finally {
      output.restore();
    }
    expect(output.records().map((r) => [r.message, r.requestId]).sort()).toEqual([
      ['work of a', 'a'],
      ['work of b', 'b'],
      ['work of c', 'c'],
    ]);
  });

  it('writes nothing below the configured level', () => {
    const logger = createLogger('test', 'WARN');
    const output = captureStdout();
    try {
      logger.info('not shown');
      logger.debug('not shown either');
    } finally {
      output.restore();
    }
    expect(output.records()).toEqual([]);
  });
});
