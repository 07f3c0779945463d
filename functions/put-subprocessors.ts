import { registryStores } from '../shared/adapters/registry-stores.js';
import { ValidationError } from '../shared/domain/errors.js';
import { noticeIdFor } from '../shared/domain/notice.js';
import { publishSubprocessorList } from '../shared/domain/publish-subprocessor-list.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json, versionEtag } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** Accepts `"3"`, `W/"3"` or a bare `3`, as clients send ETags back in different ways. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  if (match?.[1] === undefined) {
    const message = 'If-Match: must be the version from the ETag of GET …/subprocessors, e.g. "3"';
    throw new ValidationError(message, [{ path: 'If-Match', rule: 'version-etag', message }]);
  }
  return Number(match[1]);
}

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
      warnings: version.warnings,
      // The notice opens asynchronously (stream → bus); its id is known now.
      ...(created && !version.baseline && { notice: { id: noticeIdFor(version.processorId, version.version) } }),
    },
    { etag: versionEtag(version.version) },
  );
});
