import { registryStores } from '../shared/adapters/registry-stores.js';
import { NotFoundError } from '../shared/domain/errors.js';
import { effectiveTimeOf } from '../shared/domain/version-effect.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json, versionEtag } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, listVersions, processors, effects, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.getSubprocessors, apiKeys, async ({ params, query, headers }) => {
  const found =
    query.version === undefined
      ? await listVersions.latest(params.id)
      : await listVersions.get(params.id, query.version);
  if (found === undefined) {
    if (query.version !== undefined) throw new NotFoundError(`processor ${params.id} has no version ${query.version}`);
    const exists = (await processors.get(params.id)) !== undefined;
    throw new NotFoundError(
      exists ? `processor ${params.id} has not published a list yet` : `no processor ${params.id}`,
    );
  }
  const effective = effectiveTimeOf(
    found,
    found.baseline ? undefined : await effects.get(found.processorId, found.version),
    clock.now(),
  );
  // While scheduled, the projected time moves with every send: a weak ETag, never answered 304.
  const settled = effective.effectiveState !== 'scheduled';
  const etag = settled ? versionEtag(found.version) : `W/${versionEtag(found.version)}`;
  if (settled && headers['if-none-match'] === etag) return { statusCode: 304, headers: { etag } };
  // Warnings (missing TIA, derogations) are for the vendor, not for the public page.
  const { warnings: _warnings, ...published } = found;
  return json(200, { ...published, ...effective }, { etag, 'cache-control': 'no-cache' });
});
