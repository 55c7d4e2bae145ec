import { AppError } from '../errors';

export class UnknownVendorError extends AppError {
  readonly code = 'not_found';
  constructor(readonly vendorId: string) {
    super(`vendor ${vendorId} does not exist`);
  }
}

/** No such route, or a control route while the controls are off (which must not reveal itself). */
export class VendorRouteNotFoundError extends AppError {
  readonly code = 'route_not_found';
  constructor(method: string, path: string) {
    super(`no route for ${method} ${path}`);
  }
}

export class VendorOrderNotFoundError extends AppError {
  readonly code = 'not_found';
  constructor(
    readonly vendorId: string,
    readonly reference: string,
  ) {
    super(`vendor ${vendorId} has no order ${reference}`);
  }
}
