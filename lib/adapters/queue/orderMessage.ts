import { z } from 'zod';
import type { OrderMessage } from '../../orders/types';

// A correlation id is for the logs only: one that is missing or odd never makes a message unreadable.
const orderMessageSchema = z.object({ orderId: z.uuid(), correlationId: z.string().max(200).optional().catch(undefined) });

/** Reads a queue message body as an order message, or undefined for anything else (a poison payload). */
export function parseOrderMessage(body: string): OrderMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = orderMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The order id of a queue message body, or null for anything that is not an order message. */
export function orderIdOf(body: string): string | null {
  return parseOrderMessage(body)?.orderId ?? null;
}
