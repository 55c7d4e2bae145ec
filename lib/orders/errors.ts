import { AppError } from '../errors';

export class OrderNotFoundError extends AppError {
  readonly code = 'not_found';
  constructor(readonly orderId: string) {
    super(`order ${orderId} does not exist`);
  }
}

export class ProductNotFoundError extends AppError {
  readonly code = 'product_not_found';
  constructor(readonly productId: string) {
    super(`product ${productId} does not exist`);
  }
}

export class InsufficientStockError extends AppError {
  readonly code = 'insufficient_stock';
  constructor(
    readonly productId: string,
    readonly available: number,
    readonly requested: number,
  ) {
    super(`product ${productId} has ${available} available, ${requested} requested`);
  }
}

export class OrderNotPendingError extends AppError {
  readonly code = 'invalid_state';
  constructor(
    readonly orderId: string,
    readonly status: string,
  ) {
    super(`order ${orderId} is ${status}, only a PENDING order can be cancelled`);
  }
}

export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'idempotency_key_reused';
  constructor() {
    super('this Idempotency-Key was already used with a different request body');
  }
}
