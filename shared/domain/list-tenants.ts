import type { Tenant } from './api-key.js';
import type { Page, TenantCountStore, TenantCounts, TenantDirectory, TenantSummary } from './ports.js';

export type TenantWithCounts = TenantSummary & { counts: TenantCounts };

/**
 * The operator's view of its processors or clients.
 * 1. A page of tenants of that kind, newest first.
 * 2. Each tenant's counts (contracts not ended, notices with an open window), read for the page only.
 */
export async function listTenants(
  type: Tenant['type'],
  page: { limit: number; cursor?: string },
  deps: { directory: TenantDirectory; counts: TenantCountStore },
): Promise<Page<TenantWithCounts>> {
  const tenants = await deps.directory.page(type, page);
  const items = await Promise.all(
    tenants.items.map(async (tenant) => ({ ...tenant, counts: await deps.counts.counts({ type, id: tenant.id }) })),
  );
  return { items, ...(tenants.nextCursor !== undefined && { nextCursor: tenants.nextCursor }) };
}
