import { allocateLine, compareDecimal } from './allocate';

const offer = (vendorId: string, quantity: number, unitPrice: string) => ({ vendorId, quantity, unitPrice, currency: 'EUR' });

describe('allocateLine', () => {
  it('gives the whole line to the cheapest vendor that has enough', () => {
    const plan = allocateLine(5, [offer('a', 10, '9.00'), offer('b', 4, '7.00'), offer('c', 5, '8.00')]);
    expect(plan).toEqual({ kind: 'planned', shares: [{ vendorId: 'c', quantity: 5, unitPrice: '8.00', currency: 'EUR' }] });
  });

  it('splits from the cheapest up when no single vendor has enough', () => {
    const plan = allocateLine(9, [offer('a', 5, '9.00'), offer('b', 4, '7.00'), offer('c', 3, '8.00')]);
    expect(plan).toEqual({
      kind: 'planned',
      shares: [
        { vendorId: 'b', quantity: 4, unitPrice: '7.00', currency: 'EUR' },
        { vendorId: 'c', quantity: 3, unitPrice: '8.00', currency: 'EUR' },
        { vendorId: 'a', quantity: 2, unitPrice: '9.00', currency: 'EUR' },
      ],
    });
  });

  it('reports a shortfall with what all vendors together hold', () => {
    expect(allocateLine(10, [offer('a', 3, '1.00'), offer('b', 0, '0.50'), offer('c', 4, '2.00')])).toEqual({ kind: 'short', available: 7 });
  });

  it('breaks price ties by larger stock, then by vendor id, so plans are repeatable', () => {
    const plan = allocateLine(2, [offer('b', 5, '3.0'), offer('a', 5, '3.00'), offer('c', 9, '3')]);
    expect(plan.kind === 'planned' && plan.shares.map((s) => s.vendorId)).toEqual(['c']);
    const tie = allocateLine(2, [offer('b', 5, '3.0'), offer('a', 5, '3.00')]);
    expect(tie.kind === 'planned' && tie.shares.map((s) => s.vendorId)).toEqual(['a']);
  });
});

describe('compareDecimal', () => {
  it.each([
    ['12.5', '12.50', 0],
    ['12.49', '12.5', -1],
    ['100', '99.99', 1],
    ['0.1', '0.09', 1],
  ])('compares %s with %s as %d', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });
});
