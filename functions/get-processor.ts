import { subscriptionStores } from '../shared/adapters/subscription-stores.js';
import { getProcessorProfile } from '../shared/domain/processor-profile.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const { apiKeys, processors, subscriptions } = subscriptionStores();

/** The vendor's profile and its e-mail subscribers' counts, for the vendor itself or the operator who registered it. */
export const handler = defineHttpHandler(ROUTES.getProcessor, apiKeys, async ({ params }) => {
  const profile = await getProcessorProfile(params.id, { processors });
  return json(200, { ...profile, subscribers: await subscriptions.counts(params.id) });
});
