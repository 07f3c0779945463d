import { registryStores } from '../shared/adapters/registry-stores.js';
import { NotFoundError } from '../shared/domain/errors.js';
import { effectiveTimeOf, effectRef } from '../shared/domain/version-effect.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, listVersions, processors, effects, clock } = registryStores();

export const handler = defineHttpHandler(ROUTES.listVersions, apiKeys, async ({ params, query }) => {
  const page = await listVersions.history(params.id, {
    limit: query.limit,
    ...(query.cursor !== undefined && { cursor: query.cursor }),
  });
  if (page.items.length === 0 && query.cursor === undefined && (await processors.get(params.id)) === undefined) {
    throw new NotFoundError(`no processor ${params.id}`);
  }
  const stored = await effects.getMany(
    page.items.filter((v) => !v.baseline).map((v) => ({ processorId: params.id, version: v.version })),
  );
  const now = clock.now();
  return json(200, {
    processorId: params.id,
    // Warnings are for the vendor; the processor's id and name are said once, above the versions.
    versions: page.items.map(({ warnings: _warnings, processorId: _id, processorName: _name, ...summary }) => ({
      ...summary,
      ...effectiveTimeOf(summary, stored.get(effectRef(params.id, summary.version)), now),
    })),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  });
});
