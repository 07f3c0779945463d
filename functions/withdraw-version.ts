import { registryStores } from '../shared/adapters/registry-stores.js';
import { noticeIdFor } from '../shared/domain/notice.js';
import { withdrawPendingChange } from '../shared/domain/withdraw-pending-change.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { parseIfMatch } from '../shared/http/if-match.js';
import { json, versionEtag } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** Withdraws a pending change: stores the version restoring the list in force; its stream event withdraws the notice. */
export const handler = defineHttpHandler(ROUTES.withdrawVersion, stores.apiKeys, async ({ params, headers }) => {
  const ifMatch = parseIfMatch(headers['if-match']);
  const version = await withdrawPendingChange(
    { processorId: params.id, version: params.n, ...(ifMatch !== undefined && { ifMatch }) },
    stores,
  );
  return json(
    201,
    {
      version: version.version,
      withdraws: params.n,
      changes: version.changes,
      publishedAt: version.publishedAt,
      effectiveAt: version.effectiveAt,
      notice: { id: noticeIdFor(version.processorId, params.n) },
    },
    { etag: versionEtag(version.version) },
  );
});
