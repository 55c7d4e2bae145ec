import { httpHandler, json } from '../../lib/http/handler';
import { parseInput } from '../../lib/http/validation';
import { productIdParamsSchema } from '../../lib/http/schemas';
import { getProduct } from '../../lib/stock/readProducts';

/** GET /products/{productId} */
export const handler = httpHandler(async ({ params, deps }) => {
  const { productId } = parseInput(productIdParamsSchema, params, 'path');
  return json(200, await getProduct(deps, productId));
});
