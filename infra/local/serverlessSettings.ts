import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export interface ConfirmQueueSettings {
  batchSize: number;
  maximumBatchingWindow: number;
  maxReceiveCount: number;
  visibilityTimeout: number;
  retryBaseDelayMs: number;
}

/**
 * The confirm queue's limits as serverless.yml declares them for SQS, so the local bridge
 * retries and dead-letters with the numbers AWS will use.
 */
export function confirmQueueSettings(file = path.resolve(__dirname, '../../serverless.yml')): ConfirmQueueSettings {
  const doc = YAML.parse(readFileSync(file, 'utf8'), { logLevel: 'silent' }) as { custom: { confirm: ConfirmQueueSettings } };
  return doc.custom.confirm;
}

/**
 * Exports those limits as the environment variables lib/config reads, unless the
 * environment already sets them (tests shorten the delays this way).
 */
export function exportConfirmSettings(settings = confirmQueueSettings()): void {
  const env: Record<string, number> = {
    CONFIRM_BATCH_SIZE: settings.batchSize,
    CONFIRM_BATCH_WINDOW_MS: settings.maximumBatchingWindow * 1000,
    CONFIRM_MAX_RECEIVE_COUNT: settings.maxReceiveCount,
    CONFIRM_VISIBILITY_TIMEOUT_SECONDS: settings.visibilityTimeout,
    CONFIRM_RETRY_BASE_DELAY_MS: settings.retryBaseDelayMs,
  };
  for (const [name, value] of Object.entries(env)) process.env[name] ??= String(value);
}
