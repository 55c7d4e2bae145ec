import { z } from 'zod';
import type { VendorOrderGateway } from '../../orders/ports';
import { VendorProtocolError } from './errors';
import { parseJsonBody, vendorEndpoint, type VendorEndpoint, type VendorHttp } from './http';

const placedSchema = z.object({ vendorOrderId: z.string().min(1), status: z.string().optional() });
const refusalSchema = z.object({ code: z.string().optional(), sku: z.string().optional(), detail: z.string().optional() });
const problemSchema = z.object({ code: z.string().optional() });

/**
 * Vendor orders over HTTP: `POST {base}/orders` and `DELETE {base}/orders/{reference}`,
 * idempotent on the reference at the vendor, which is what makes the retries of the
 * HTTP policy (and of the queue) safe.
 */
export function httpVendorOrderGateway(
  http: VendorHttp,
  options: { defaultBaseUrl: string; findVendor: (vendorId: string) => Promise<{ vendorId: string; baseUrl: string | null } | undefined> },
): VendorOrderGateway {
  async function endpointFor(vendorId: string): Promise<VendorEndpoint> {
    const vendor = await options.findVendor(vendorId);
    if (!vendor) throw new VendorProtocolError(vendorId, 'is not a registered vendor');
    return vendorEndpoint(vendor, options.defaultBaseUrl);
  }

  return {
    async placeOrder(vendorId, reference, lines) {
      const response = await http.request(await endpointFor(vendorId), { method: 'POST', path: '/orders', body: { reference, lines } });
      if (response.status === 200 || response.status === 201) {
        const placed = placedSchema.safeParse(parseJsonBody(vendorId, response));
        if (!placed.success) throw new VendorProtocolError(vendorId, `order ${reference} answer lacks a vendorOrderId`, { cause: placed.error });
        // The reference was placed and later cancelled by us: the vendor will not ship it.
        if (placed.data.status === 'cancelled') return { kind: 'refused', reason: `vendor ${vendorId} holds order ${reference} as cancelled` };
        return { kind: 'placed', vendorOrderId: placed.data.vendorOrderId };
      }
      if (response.status === 409) {
        const refusal = refusalSchema.safeParse(safeJson(response.text));
        const { code, sku } = refusal.success ? refusal.data : {};
        return { kind: 'refused', reason: code === 'out_of_stock' && sku ? `out of stock: ${sku}` : `refused (${code ?? 'no reason given'})` };
      }
      throw new VendorProtocolError(vendorId, `placing order ${reference} answered HTTP ${response.status}`);
    },

    async cancelOrder(vendorId, reference) {
      const response = await http.request(await endpointFor(vendorId), { method: 'DELETE', path: `/orders/${encodeURIComponent(reference)}` });
      if (response.status === 200 || response.status === 204) return;
      // The vendor never received this reference: there is nothing to undo.
      if (response.status === 404 && problemSchema.safeParse(safeJson(response.text)).data?.code === 'not_found') return;
      throw new VendorProtocolError(vendorId, `cancelling order ${reference} answered HTTP ${response.status}`);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
