import type { VendorDirectory } from '../../stock/ports';
import type { SyncVendor } from '../../stock/types';
import type { Sql } from './client';

export function postgresVendorDirectory(sql: Sql): VendorDirectory {
  return {
    async listEnabled() {
      return sql<SyncVendor[]>`SELECT id AS vendor_id, shape, base_url FROM vendors WHERE enabled ORDER BY id`;
    },

    async find(vendorId) {
      const [vendor] = await sql<SyncVendor[]>`SELECT id AS vendor_id, shape, base_url FROM vendors WHERE id = ${vendorId}`;
      return vendor;
    },

    async markSynced(vendorId, readStartedAt) {
      await sql`UPDATE vendors SET last_synced_at = ${readStartedAt} WHERE id = ${vendorId}`;
    },
  };
}
