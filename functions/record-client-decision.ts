import { registryStores } from '../shared/adapters/registry-stores.js';
import { decisionChannel } from '../shared/domain/notice.js';
import { recordDecisionThroughApi } from '../shared/domain/record-decision.js';
import { apiKeyOrigin } from '../shared/http/api-key-origin.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();

/** A GRC tool objects or approves with the client's key: the form's rules, the form's write. */
export const handler = defineHttpHandler(
  ROUTES.recordClientDecision,
  stores.apiKeys,
  async ({ params, body, principal }) => {
    const result = await recordDecisionThroughApi(params.id, params.noticeId, body, apiKeyOrigin(principal), stores);
    const { decision } = result;
    return json(result.recordedNow ? 201 : 200, {
      noticeId: result.noticeId,
      contractId: result.contractId,
      decision: {
        decision: decision.decision,
        ...(decision.grounds !== undefined && { grounds: decision.grounds }),
        at: decision.at,
        channel: decisionChannel(decision),
      },
    });
  },
);
