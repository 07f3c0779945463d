import { transferStores } from '../shared/adapters/transfer-stores.js';
import { queryTransfers } from '../shared/domain/transfer-queries.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { negotiateFormat, transferResponse } from '../shared/http/transfer-response.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = transferStores();

export const handler = defineHttpHandler(ROUTES.listTransfers, stores.apiKeys, async ({ query, headers, event }) => {
  const { format, lang, limit, cursor, ...filter } = query;
  const result = await queryTransfers(
    { kind: 'all' },
    filter,
    { limit, ...(cursor !== undefined && { cursor }) },
    stores,
  );
  return transferResponse(
    result,
    { format: negotiateFormat(format, headers.accept), lang, acceptLanguage: headers['accept-language'] },
    'all',
    event,
  );
});
