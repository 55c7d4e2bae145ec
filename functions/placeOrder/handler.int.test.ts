import { randomUUID } from 'node:crypto';
import { handler } from './handler';
import { handler as getOrder } from '../getOrder/handler';
import { handler as cancelOrder } from '../cancelOrder/handler';
import { invokeHttp } from '../../test/factories/http';
import { productCounters, seedProduct, tableCounts } from '../../test/factories/catalogue';
import { useIsolatedServices } from '../../test/support/suite';

const suite = useIsolatedServices();
const place = (body: unknown, headers: Record<string, string> = {}) => invokeHttp(handler, { method: 'POST', path: '/orders', body, headers });

describe('placeOrder', () => {
  it('reserves stock and answers 202 with the PENDING order and its Location', async () => {
    // Prepare
    const { productId } = await seedProduct(suite.deps().sql, { onHand: 5 });

    // Act
    const res = await place({ productId, quantity: 2 });

    // Assess
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/orders/${res.body.orderId}`);
    expect(res.body).toMatchObject({ status: 'PENDING', items: [{ productId, quantity: 2, allocations: [] }], failureReason: null });
    expect(await productCounters(suite.deps().sql, productId)).toEqual({ onHand: 5, reserved: 2 });
    const fetched = await invokeHttp(getOrder, { path: `/orders/${res.body.orderId}`, pathParameters: { orderId: res.body.orderId } });
    expect(fetched.body).toEqual(res.body);
  });

  it('publishes the order message after commit and marks its outbox row sent', async () => {
    const { productId } = await seedProduct(suite.deps().sql, { onHand: 5 });
    const res = await place({ productId, quantity: 1 });
    const [row] = await suite.deps().sql`SELECT published_at FROM outbox WHERE order_id = ${res.body.orderId}`;
    expect(row!.publishedAt).toBeInstanceOf(Date);
  });

  it('reserves every line of a multi-line order or none of them', async () => {
    const sql = suite.deps().sql;
    const a = await seedProduct(sql, { onHand: 3 });
    const b = await seedProduct(sql, { onHand: 1 });
    const before = await tableCounts(sql);

    const refused = await place({ items: [{ productId: a.productId, quantity: 2 }, { productId: b.productId, quantity: 2 }] });

    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'insufficient_stock', status: 409, detail: `product ${b.productId} has 1 available, 2 requested` });
    expect(await tableCounts(sql)).toEqual(before);

    const accepted = await place({ items: [{ productId: a.productId, quantity: 2 }, { productId: b.productId, quantity: 1 }] });
    expect(accepted.statusCode).toBe(202);
    expect(await productCounters(sql, a.productId)).toMatchObject({ reserved: 2 });
    expect(await productCounters(sql, b.productId)).toMatchObject({ reserved: 1 });
  });

  it('answers 404 product_not_found for an unknown product and writes nothing', async () => {
    const before = await tableCounts(suite.deps().sql);
    const res = await place({ productId: randomUUID(), quantity: 1 });
    expect(res.statusCode).toBe(404);
    expect(res.body.code).toBe('product_not_found');
    expect(await tableCounts(suite.deps().sql)).toEqual(before);
  });

  it.each([
    ['a fractional quantity', { productId: randomUUID(), quantity: 1.5 }, 'quantity'],
    ['a string quantity', { productId: randomUUID(), quantity: '2' }, 'quantity'],
    ['a zero quantity', { productId: randomUUID(), quantity: 0 }, 'quantity'],
    ['an unknown field', { productId: randomUUID(), quantity: 1, price: 1 }, '(root)'],
    ['a product id that is not a UUID', { productId: "1' OR '1'='1", quantity: 1 }, 'productId'],
  ])('refuses %s with 400 validation_error', async (_name, body, path) => {
    const res = await place(body);
    expect(res.statusCode).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(JSON.stringify(res.body.errors)).toContain(path === '(root)' ? '' : path);
  });

  it('refuses a duplicate product within one order', async () => {
    const productId = randomUUID();
    const res = await place({ items: [{ productId, quantity: 1 }, { productId, quantity: 2 }] });
    expect(res.statusCode).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'items.1.productId', message: expect.stringContaining('duplicate') }]);
  });

  it('refuses malformed JSON with 400 and a non-JSON body with 415', async () => {
    const malformed = await invokeHttp(handler, { method: 'POST', path: '/orders', rawBody: '{"productId": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body.code).toBe('validation_error');
    const text = await invokeHttp(handler, { method: 'POST', path: '/orders', rawBody: 'quantity=1', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.body.code).toBe('unsupported_media_type');
  });

  it('refuses a body over 16 KiB with 413', async () => {
    const res = await invokeHttp(handler, { method: 'POST', path: '/orders', rawBody: JSON.stringify({ pad: 'x'.repeat(17 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });

  it('accepts exactly the available units when 200 single-unit orders race for 50', async () => {
    const sql = suite.deps().sql;
    const { productId } = await seedProduct(sql, { onHand: 50 });

    const results = await Promise.all(Array.from({ length: 200 }, () => place({ productId, quantity: 1 })));

    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.body.code === 'insufficient_stock')).toBe(true);
    expect(await productCounters(sql, productId)).toEqual({ onHand: 50, reserved: 50 });
    const [row] = await sql<{ sum: number }[]>`SELECT coalesce(sum(l.quantity), 0)::int AS sum FROM order_lines l JOIN orders o ON o.id = l.order_id
                                WHERE l.product_id = ${productId} AND o.status = 'PENDING'`;
    expect(row!.sum).toBe(50);
  });

  describe('with an Idempotency-Key', () => {
    it('returns the original order for the same key and body, marked as replayed', async () => {
      const { productId } = await seedProduct(suite.deps().sql, { onHand: 5 });
      const key = `key-${randomUUID()}`;
      const first = await place({ productId, quantity: 1 }, { 'idempotency-key': key });
      const again = await place({ items: [{ productId, quantity: 1 }] }, { 'idempotency-key': key });
      expect(again.statusCode).toBe(202);
      expect(again.body.orderId).toBe(first.body.orderId);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await productCounters(suite.deps().sql, productId)).toMatchObject({ reserved: 1 });
    });

    it('answers 422 when the key comes back with a different body', async () => {
      const { productId } = await seedProduct(suite.deps().sql, { onHand: 5 });
      const key = `key-${randomUUID()}`;
      await place({ productId, quantity: 1 }, { 'idempotency-key': key });
      const reused = await place({ productId, quantity: 2 }, { 'idempotency-key': key });
      expect(reused.statusCode).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
    });

    it('creates one order when 20 identical requests race with one key', async () => {
      const { productId } = await seedProduct(suite.deps().sql, { onHand: 100 });
      const key = `race-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => place({ productId, quantity: 3 }, { 'idempotency-key': key })));
      expect(new Set(results.map((r) => r.statusCode))).toEqual(new Set([202]));
      expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
      expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
      expect(await productCounters(suite.deps().sql, productId)).toMatchObject({ reserved: 3 });
    });

    it('refuses a key with characters outside visible ASCII', async () => {
      const res = await place({ productId: randomUUID(), quantity: 1 }, { 'idempotency-key': 'has space' });
      expect(res.statusCode).toBe(400);
      expect(res.body.errors[0].path).toBe('(root)');
    });
  });

  describe('cancel', () => {
    it('releases the reservation of a PENDING order, then refuses a second cancel with 409 invalid_state', async () => {
      const { productId } = await seedProduct(suite.deps().sql, { onHand: 5 });
      const { body: order } = await place({ productId, quantity: 4 });
      const cancel = () => invokeHttp(cancelOrder, { method: 'POST', path: `/orders/${order.orderId}/cancel`, pathParameters: { orderId: order.orderId } });

      const first = await cancel();
      expect(first.statusCode).toBe(200);
      expect(first.body.status).toBe('CANCELLED');
      expect(await productCounters(suite.deps().sql, productId)).toEqual({ onHand: 5, reserved: 0 });

      const second = await cancel();
      expect(second.statusCode).toBe(409);
      expect(second.body.code).toBe('invalid_state');
      expect(await productCounters(suite.deps().sql, productId)).toEqual({ onHand: 5, reserved: 0 });
    });
  });
});
