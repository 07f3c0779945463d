import { registryStores } from '../shared/adapters/registry-stores.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, notices } = registryStores();

export const handler = defineHttpHandler(ROUTES.listNotices, apiKeys, async ({ params, query }) => {
  const page = await notices.listForProcessor(params.id, {
    limit: Math.min(query.limit, 100),
    ...(query.cursor !== undefined && { cursor: query.cursor }),
  });
  return json(200, {
    notices: page.items.map(({ changes: _changes, processorName: _name, ...summary }) => summary),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  });
});
