import { registryStores } from '../shared/adapters/registry-stores.js';
import { noticeIdFor } from '../shared/domain/notice.js';
import { effectiveOnPublish, publishSubprocessorList } from '../shared/domain/publish-subprocessor-list.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { parseIfMatch } from '../shared/http/if-match.js';
import { json, versionEtag } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

export const handler = defineHttpHandler(ROUTES.putSubprocessors, stores.apiKeys, async ({ params, body, headers }) => {
  const ifMatch = parseIfMatch(headers['if-match']);
  const { version, created } = await publishSubprocessorList(
    {
      processorId: params.id,
      subprocessors: body.subprocessors,
      ...(ifMatch !== undefined && { ifMatch }),
      ...(body.effectiveAt !== undefined && { effectiveAt: new Date(body.effectiveAt) }),
    },
    stores,
  );
  return json(
    200,
    {
      version: version.version,
      created,
      changes: created ? version.changes : { added: [], removed: [], changed: [] },
      needsObjectionWindow: created && version.needsObjectionWindow,
      publishedAt: version.publishedAt,
      effectiveAt: version.effectiveAt,
      ...(created && effectiveOnPublish(version, stores.clock.now())),
      warnings: version.warnings,
      // The notice opens asynchronously (stream → bus); its id is known now.
      ...(created && !version.baseline && { notice: { id: noticeIdFor(version.processorId, version.version) } }),
    },
    { etag: versionEtag(version.version) },
  );
});
