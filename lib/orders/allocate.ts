/**
 * Allocation strategy: which vendors supply a line.
 *
 * 1. The cheapest vendor that can supply the whole line gets all of it: one vendor order
 *    per line is cheaper to ship and simpler to track than a split.
 * 2. Otherwise the line is split, filling from the cheapest vendor up, so the most
 *    expensive units are the fewest.
 * Ties on price go to the vendor with more stock (less likely to refuse), then by id, so
 * the same inputs always give the same plan.
 */
export interface VendorOffer {
  vendorId: string;
  quantity: number;
  /** Decimal string, compared exactly: money is never a float here. */
  unitPrice: string;
  currency: string;
}

export interface PlannedShare {
  vendorId: string;
  quantity: number;
  unitPrice: string;
  currency: string;
}

export type LinePlan = { kind: 'planned'; shares: PlannedShare[] } | { kind: 'short'; available: number };

export function allocateLine(quantity: number, offers: VendorOffer[]): LinePlan {
  const usable = offers.filter((o) => o.quantity > 0).sort(byPriceThenStock);
  const whole = usable.find((o) => o.quantity >= quantity);
  if (whole) return { kind: 'planned', shares: [share(whole, quantity)] };

  const total = usable.reduce((sum, o) => sum + o.quantity, 0);
  if (total < quantity) return { kind: 'short', available: total };

  const shares: PlannedShare[] = [];
  let remaining = quantity;
  for (const offer of usable) {
    if (remaining === 0) break;
    const take = Math.min(offer.quantity, remaining);
    shares.push(share(offer, take));
    remaining -= take;
  }
  return { kind: 'planned', shares };
}

function share(offer: VendorOffer, quantity: number): PlannedShare {
  return { vendorId: offer.vendorId, quantity, unitPrice: offer.unitPrice, currency: offer.currency };
}

function byPriceThenStock(a: VendorOffer, b: VendorOffer): number {
  return compareDecimal(a.unitPrice, b.unitPrice) || b.quantity - a.quantity || a.vendorId.localeCompare(b.vendorId);
}

/** Compares non-negative decimal strings such as "12.5" and "12.50" without floats. */
export function compareDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}
