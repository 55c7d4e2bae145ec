import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TIMEOUT_MS = 60_000;

/**
 * Stops RabbitMQ's AMQP side (the Erlang node keeps running), like a broker restart's
 * first half. Asynchronous, so a process serving requests keeps serving meanwhile.
 */
export async function stopBrokerApp(): Promise<void> {
  await run('rabbitmqctl', ['stop_app'], { timeout: TIMEOUT_MS });
}

/** Starts it again and resolves once it accepts connections. */
export async function startBrokerApp(): Promise<void> {
  await run('rabbitmqctl', ['start_app'], { timeout: TIMEOUT_MS });
  await run('rabbitmqctl', ['await_startup'], { timeout: TIMEOUT_MS });
}
