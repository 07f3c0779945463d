import { clientViewStores } from '../shared/adapters/client-view-stores.js';
import { listClientNotices } from '../shared/domain/client-notices.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = clientViewStores();

export const handler = defineHttpHandler(ROUTES.listClientNotices, stores.apiKeys, async ({ params, query }) => {
  const page = await listClientNotices(
    params.id,
    { open: query.open, limit: query.limit, ...(query.cursor !== undefined && { cursor: query.cursor }) },
    stores,
  );
  return json(200, { notices: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) });
});
