import { transferStores } from '../shared/adapters/transfer-stores.js';
import { queryTransfers } from '../shared/domain/transfer-queries.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { negotiateFormat, transferResponse } from '../shared/http/transfer-response.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = transferStores();

export const handler = defineHttpHandler(
  ROUTES.listClientTransfers,
  stores.apiKeys,
  async ({ params, query, headers, event }) => {
    const { format, lang, ...filter } = query;
    // A processor's or a client's transfers are read whole; the route takes no limit or cursor.
    const result = await queryTransfers(
      { kind: 'client', clientId: params.id },
      filter,
      { limit: Number.MAX_SAFE_INTEGER },
      stores,
    );
    return transferResponse(
      result,
      { format: negotiateFormat(format, headers.accept), lang, acceptLanguage: headers['accept-language'] },
      'client',
      event,
    );
  },
);
