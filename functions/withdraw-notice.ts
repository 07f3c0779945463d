import type { EventBridgeEvent } from 'aws-lambda';
import { notificationServices } from '../shared/adapters/notification-services.js';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { withdrawNotice } from '../shared/domain/withdraw-notice.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { eventDetail } from '../shared/triggers/eventbridge.js';

const stores = registryStores();
const { emailJobs } = notificationServices();

/**
 * SubprocessorListChanged with `withdraws` → the withdrawn version's notice is withdrawn: open windows
 * closed as `withdrawn`, a "nothing to do" e-mail job per notified contract, SubprocessorChangeWithdrawn.
 */
export const handler = defineTriggerHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const { processorId, version, withdraws } = eventDetail(SubprocessorListChanged, event);
  // The rule's pattern lets only withdrawals through; a list change without `withdraws` is not ours.
  if (withdraws === undefined) return;
  const result = await withdrawNotice({ processorId, version, withdraws }, { ...stores, emailJobs });
  logger.info('notice withdrawn', { ...result });
});
