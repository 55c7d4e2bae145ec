import { AppError } from '../../errors';

/**
 * The vendor answered, but not in a way its API allows (malformed payload, unexpected
 * status, a cursor that loops). Retrying the same request would get the same answer,
 * so it is not retried, unlike VendorUnavailableError.
 */
export class VendorProtocolError extends AppError {
  readonly code = 'vendor_protocol_error';
  constructor(
    readonly vendorId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`vendor ${vendorId}: ${message}`, options);
  }
}
