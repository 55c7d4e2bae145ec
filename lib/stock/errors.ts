import { AppError } from '../errors';

export class ProductNotInCatalogueError extends AppError {
  readonly code = 'not_found';
  constructor(readonly productId: string) {
    super(`product ${productId} does not exist`);
  }
}

export class SyncRunNotFoundError extends AppError {
  readonly code = 'not_found';
  constructor(readonly runId: string) {
    super(`sync run ${runId} does not exist`);
  }
}

/**
 * A vendor's catalogue had rows but not one of them could be read: most likely its
 * format changed. Treated as a failed read, so its previous stock stands instead of
 * every SKU dropping to 0.
 */
export class UnreadableCatalogueError extends AppError {
  readonly code = 'unreadable_catalogue';
  constructor(
    readonly vendorId: string,
    readonly rowsRejected: number,
  ) {
    super(`vendor ${vendorId}: all ${rowsRejected} rows were rejected; keeping its previous stock`);
  }
}
