import { registryStores } from '../shared/adapters/registry-stores.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ADEQUACY_DECISIONS, EEA, RULES_VERSION, SAFEGUARD_TYPES } from '../shared/legal/reference.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys } = registryStores();

/** The reference table exactly as the registry applies it, so users can check what it believes. */
export const handler = defineHttpHandler(ROUTES.adequacyReference, apiKeys, async () =>
  json(
    200,
    { rulesVersion: RULES_VERSION, eea: EEA, adequacyDecisions: ADEQUACY_DECISIONS, safeguards: SAFEGUARD_TYPES },
    { 'cache-control': 'public, max-age=3600' },
  ),
);
