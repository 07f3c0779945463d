import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { NotFoundError } from '../shared/domain/errors.js';
import { resendNotice } from '../shared/domain/resend-notice.js';
import { defineHttpHandler } from '../shared/http/define-http-handler.js';
import { json } from '../shared/http/responses.js';
import { ROUTES } from '../shared/wiring/routes.js';

const stores = registryStores();
const { emailJobs } = notificationServices();

/** Queues the resends; the e-mail queue's consumer sends them (202: accepted, not sent yet). */
export const handler = defineHttpHandler(ROUTES.resendNotice, stores.apiKeys, async ({ params, body, principal }) => {
  // Another processor's notice is answered exactly like a missing one.
  if (principal?.type !== 'processor') throw new NotFoundError(`no notice ${params.id}`);
  const result = await resendNotice(params.id, principal.id, body.contractIds, { ...stores, emailJobs });
  return json(202, result);
});
