/** Reads the order id out of a queue message body, or null for anything that is not an order message. */
export function orderIdOf(body: string): string | null {
  try {
    const value = JSON.parse(body) as { orderId?: unknown };
    return typeof value?.orderId === 'string' && /^[0-9a-f-]{36}$/i.test(value.orderId) ? value.orderId : null;
  } catch {
    return null;
  }
}
