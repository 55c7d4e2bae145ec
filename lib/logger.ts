import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';

/**
 * Keys of the unit of work in progress (request id, order id, correlation id), added to
 * every line logged while it runs, by any module, without passing a logger around.
 * AsyncLocalStorage rather than `logger.appendKeys`: one process serves several requests
 * at once (serverless offline in-process, the worker's concurrent batches), and keys
 * appended to a shared logger would label one request's lines with another's id.
 */
const scope = new AsyncLocalStorage<LogAttributes>();

/** Runs `work` with these keys on every log line it causes; nested scopes add to the outer one. */
export function withLogKeys<T>(keys: LogAttributes, work: () => T): T {
  const outer = scope.getStore();
  return scope.run(outer ? { ...outer, ...keys } : keys, work);
}

/** The keys of the scope in progress, if any. */
export function currentLogKeys(): LogAttributes | undefined {
  return scope.getStore();
}

class ScopedLogger extends Logger {
  protected override processLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): void {
    const keys = scope.getStore();
    // The scope's keys first: a key given at the call site wins over the scope's.
    super.processLogItem(logLevel, input, keys ? ([keys, ...extraInput] as LogItemExtraInput) : extraInput);
  }
}

/**
 * Structured JSON logs (one object per line: level, message, timestamp, service, and the
 * keys of the scope and the call), at the level the configuration sets (LOG_LEVEL).
 */
export function createLogger(serviceName: string, level: string): Logger {
  return new ScopedLogger({ serviceName, logLevel: level as 'INFO' });
}

export type { Logger };
