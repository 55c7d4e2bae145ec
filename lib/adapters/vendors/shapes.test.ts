import { normalisePage } from './catalogue';
import { parseCsvPage, csvExportShape } from './csvExport';
import { cursorJsonShape } from './cursorJson';
import { VendorProtocolError } from './errors';
import { pageJsonShape } from './pageJson';

const acme = pageJsonShape(10).row;
const globex = cursorJsonShape(10).row;
const initech = csvExportShape(10).row;

describe('vendor row normalisation', () => {
  it('turns each shape into the same row: sku, name, quantity, price with two decimals, currency', () => {
    const expected = { sku: 'SKU-1', name: 'Widget', quantity: 12, price: '12.50', currency: 'EUR' };

    expect(acme.parse({ sku: 'SKU-1', name: 'Widget', stock: 12, price: 12.5, currency: 'EUR' })).toEqual(expected);
    expect(globex.parse({ productCode: 'SKU-1', title: 'Widget', qty: '12', unitPrice: { amount: '12.5', currency: 'eur' } })).toEqual(expected);
    expect(initech.parse({ sku: 'SKU-1', description: 'Widget', available: '12', price_cents: '1250', currency: 'EUR' })).toEqual(expected);
  });

  it('keeps money exact: float prices become whole cents or are rejected, never rounded', () => {
    expect(acme.parse({ sku: 'A', name: 'n', stock: 1, price: 0.1 + 0.2, currency: 'EUR' }).price).toBe('0.30');
    expect(acme.parse({ sku: 'A', name: 'n', stock: 1, price: 6.75, currency: 'EUR' }).price).toBe('6.75');
    expect(acme.safeParse({ sku: 'A', name: 'n', stock: 1, price: 6.755, currency: 'EUR' }).success).toBe(false);
    expect(globex.parse({ productCode: 'A', title: 'n', qty: '1', unitPrice: { amount: '007', currency: 'EUR' } }).price).toBe('7.00');
    expect(initech.parse({ sku: 'A', description: 'n', available: '1', price_cents: '5', currency: 'EUR' }).price).toBe('0.05');
  });

  it('rejects bad rows one by one and keeps the rest of the page', () => {
    const page = normalisePage(
      {
        rows: [
          { productCode: 'SKU-1', title: 'ok', qty: '3', unitPrice: { amount: '1.00', currency: 'EUR' } },
          { productCode: 'SKU-2', title: 'negative', qty: '-3', unitPrice: { amount: '1.00', currency: 'EUR' } },
          { productCode: '', title: 'no sku', qty: '3', unitPrice: { amount: '1.00', currency: 'EUR' } },
          { productCode: 'SKU-4', title: 'three decimals', qty: '3', unitPrice: { amount: '1.005', currency: 'EUR' } },
          { productCode: 'SKU-5', title: 'bad currency', qty: '3', unitPrice: { amount: '1.00', currency: 'EURO' } },
          'not even an object',
          null,
          { productCode: 'SKU-8', title: 'ok too', qty: 4, unitPrice: { amount: '2', currency: 'USD' } },
        ],
        unreadable: 1,
      },
      globex,
    );

    expect(page.rows.map((r) => r.sku)).toEqual(['SKU-1', 'SKU-8']);
    expect(page.rejected).toBe(7);
  });

  it('rejects quantities that are not whole, non-negative 32-bit numbers', () => {
    for (const stock of [1.5, -1, 2 ** 31, '3', null]) {
      expect(acme.safeParse({ sku: 'A', name: 'n', stock, price: 1, currency: 'EUR' }).success).toBe(false);
    }
  });
});

describe('CSV pages', () => {
  it('skips and counts a record the parser cannot split, keeping the others', () => {
    const csv = ['sku,description,available,price_cents,currency', 'A,One,1,100,EUR', 'B,stray"quote,2,200,EUR', 'C,Three,3,300,EUR', ''].join('\n');

    const page = normalisePage(parseCsvPage('initech', csv), initech);

    expect(page.rows.map((r) => r.sku)).toEqual(['A', 'C']);
    expect(page.rejected).toBe(1);
  });

  it('reads quoted fields with commas and quotes', () => {
    const csv = 'sku,description,available,price_cents,currency\nA,"Bolt, 5 mm ""hex""",1,100,EUR\n';

    const page = normalisePage(parseCsvPage('initech', csv), initech);

    expect(page.rows).toEqual([{ sku: 'A', name: 'Bolt, 5 mm "hex"', quantity: 1, price: '1.00', currency: 'EUR' }]);
  });

  it('reads a page without quotes the same way, whatever its line endings, byte order mark or column order', () => {
    const csv = '\ufeffcurrency,sku,price_cents,available,description,extra\r\nEUR,A,100,1,One,x\r\n\r\nEUR,B,200\r\neur,C,300,3,Three,y,z\r\n';

    const page = normalisePage(parseCsvPage('initech', csv), initech);

    expect(page.rows).toEqual([
      { sku: 'A', name: 'One', quantity: 1, price: '1.00', currency: 'EUR' },
      { sku: 'C', name: 'Three', quantity: 3, price: '3.00', currency: 'EUR' },
    ]);
    // B lacks its last columns: rejected on its own, as csv-parse would have it.
    expect(page.rejected).toBe(1);
  });

  it('fails the page, not each row, when the header lacks our columns', () => {
    expect(() => parseCsvPage('initech', 'code,qty\nA,1\n')).toThrow(VendorProtocolError);
    expect(() => parseCsvPage('initech', 'code,qty\nA,1\n')).toThrow(/lacks the columns sku, description, available, price_cents, currency/);
  });
});
