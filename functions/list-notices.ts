import { registryStores } from '../shared/adapters/registry-stores.js';
import { effectiveTimeOf, effectRef, versionOfNotice } from '../shared/domain/version-effect.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, notices, effects, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.listNotices, apiKeys, async ({ params, query }) => {
  const page = await notices.listForProcessor(params.id, {
    limit: query.limit,
    ...(query.cursor !== undefined && { cursor: query.cursor }),
  });
  const stored = await effects.getMany(page.items.map((n) => ({ processorId: n.processorId, version: n.version })));
  const now = clock.now();
  return json(200, {
    // Named fields only: the stored item also carries the fan-out's and the close's bookkeeping.
    notices: page.items.map((notice) => ({
      id: notice.id,
      processorId: notice.processorId,
      version: notice.version,
      kind: notice.kind,
      state: notice.state,
      publishedAt: notice.publishedAt,
      ...effectiveTimeOf(versionOfNotice(notice), stored.get(effectRef(notice.processorId, notice.version)), now),
      openedAt: notice.openedAt,
      ...(notice.closedAt !== undefined && { closedAt: notice.closedAt }),
      ...(notice.withdrawnAt !== undefined && { withdrawnAt: notice.withdrawnAt }),
      ...(notice.withdrawnByVersion !== undefined && { withdrawnByVersion: notice.withdrawnByVersion }),
      ...('counts' in notice && notice.counts !== undefined && { counts: notice.counts }),
    })),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  });
});
