import { ProductNotInCatalogueError } from './errors';
import type { ProductCatalogue, StoredProduct } from './ports';
import type { Product, ProductPosition } from './types';

export async function getProduct(deps: { products: ProductCatalogue }, productId: string): Promise<Product> {
  const product = await deps.products.find(productId);
  if (!product) throw new ProductNotInCatalogueError(productId);
  return withAvailable(product);
}

/** Products in SKU order; `sku` narrows the list to that one SKU. */
export async function listProducts(
  deps: { products: ProductCatalogue },
  query: { limit: number; after?: ProductPosition; sku?: string },
): Promise<{ items: Product[]; next: ProductPosition | null }> {
  const page = await deps.products.list(query);
  return { items: page.items.map(withAvailable), next: page.next };
}

/**
 * A sync may lower on-hand stock below what is already reserved (the vendors sold it
 * elsewhere); confirmation settles the difference. Until then nothing is available,
 * and availability is never reported negative.
 */
function withAvailable(product: StoredProduct): Product {
  const { productId, sku, name, onHand, reserved, vendors } = product;
  return { productId, sku, name, available: Math.max(0, onHand - reserved), onHand, reserved, vendors };
}
