import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The Lambda context a handler gets when something on this machine invokes it (the
 * bridge, the plain HTTP adapter, tests): the fields handlers and powertools read, and
 * the remaining time counted down to `deadline`.
 */
export function localLambdaContext(functionName: string, options: { requestId?: string; deadline?: number } = {}): Context {
  const deadline = options.deadline ?? Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
