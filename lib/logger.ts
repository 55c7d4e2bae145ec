import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Request and order ids are appended as keys by the code that
 * knows them (`logger.appendKeys`), so every line of one request can be found together.
 */
export function createLogger(serviceName: string, level: string): Logger {
  return new Logger({
    serviceName,
    logLevel: level as 'INFO',
  });
}

export type { Logger };
