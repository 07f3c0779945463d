import { registryStores } from '../shared/adapters/registry-stores.js';
import { NotFoundError } from '../shared/domain/errors.js';
import { attemptsOf, type DeliveryState } from '../shared/domain/notice.js';
import { effectiveTimeOf, versionOfNotice } from '../shared/domain/version-effect.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, notices, recipients, effects, clock } = registryStores();

/** The vendor's view of one notice: per contract, delivery, deadline, decision and outcome. */
export const handler = defineHttpHandler(ROUTES.getNotice, apiKeys, async ({ params, query, principal }) => {
  const notice = await notices.get(params.id);
  // Another processor's notice is answered exactly like a missing one.
  if (notice === undefined || principal?.type !== 'processor' || notice.processorId !== principal.id) {
    throw new NotFoundError(`no notice ${params.id}`);
  }
  const [page, effect] = await Promise.all([
    recipients.page(notice.id, { limit: query.limit, ...(query.cursor !== undefined && { cursor: query.cursor }) }),
    effects.get(notice.processorId, notice.version),
  ]);
  const {
    fanOutStartedAt: _started,
    closedEventPublished: _published,
    closedEventClaimedAt: _claimed,
    withdrawnEventPublished: _withdrawnPublished,
    byScope: _byScope,
    ...shown
  } = notice;
  const deliveryCounts: Partial<Record<DeliveryState, number>> = {};
  for (const { delivery } of page.items) deliveryCounts[delivery] = (deliveryCounts[delivery] ?? 0) + 1;
  return json(200, {
    ...shown,
    ...effectiveTimeOf(versionOfNotice(notice), effect, clock.now()),
    deliveryCounts,
    contracts: page.items.map((r) => ({
      contractId: r.contractId,
      clientId: r.clientId,
      delivery: r.delivery,
      sentAt: r.sentAt ?? null,
      closesAt: r.closesAt ?? null,
      outcome: r.outcome ?? null,
      decision:
        r.decision === undefined
          ? null
          : {
              decision: r.decision.decision,
              at: r.decision.at,
              ...(r.decision.grounds !== undefined && { grounds: r.decision.grounds }),
            },
      failure: r.failure ?? null,
      resendRequested: r.resendId !== undefined,
      attempts: attemptsOf(r).length,
    })),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  });
});
