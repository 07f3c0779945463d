import { registryStores } from '../shared/adapters/registry-stores.js';
import { evidencePack } from '../shared/domain/evidence-pack.js';
import { sha256Hex } from '../shared/domain/secrets.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** The evidence pack as a download, with the SHA-256 of exactly these bytes (RFC 9530 Repr-Digest). */
export const handler = defineHttpHandler(
  ROUTES.noticeEvidence,
  stores.apiKeys,
  async ({ params, query, principal }) => {
    const pack = await evidencePack(
      params.id,
      principal,
      { limit: query.limit, ...(query.cursor !== undefined && { cursor: query.cursor }) },
      stores,
    );
    const response = json(200, pack, {
      'content-disposition': `attachment; filename="evidence-${params.id}.json"`,
      'cache-control': 'no-store',
    });
    const digest = Buffer.from(sha256Hex(response.body ?? ''), 'hex').toString('base64');
    return { ...response, headers: { ...response.headers, 'repr-digest': `sha-256=:${digest}:` } };
  },
);
