import type { DynamoDBStreamEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { ObjectionRecorded } from '../shared/events/objection-recorded.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { DECISION_RECORDED, isRecordOf, LIST_VERSION_STORED } from '../shared/wiring/stream-records.js';

const { events } = registryStores();

/**
 * DynamoDB stream → bus: what is stored is followed by its event, and cannot come apart from it.
 * - a stored list version that changes something (not the baseline) → SubprocessorListChanged (with
 *   `withdraws` when it withdraws a pending version: the withdrawNotice rule matches on it);
 * - a decision newly stored on a notice recipient → ObjectionRecorded.
 * Which record is which comes from the same patterns as the stream's event filter. A failure throws,
 * so Lambda retries the batch; consumers are idempotent on the business key.
 */
export const handler = defineTriggerHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    if (isRecordOf(LIST_VERSION_STORED, record)) {
      const version = LIST_VERSION_STORED.parse(record);
      if (version.baseline) continue;
      await events.publish(SubprocessorListChanged, {
        schemaVersion: 1,
        processorId: version.processorId,
        version: version.version,
        publishedAt: version.publishedAt,
        effectiveAt: version.effectiveAt,
        needsObjectionWindow: version.needsObjectionWindow,
        ...(version.withdraws !== undefined && { withdraws: version.withdraws }),
      });
      logger.info('published SubprocessorListChanged', { processorId: version.processorId, version: version.version });
    } else if (isRecordOf(DECISION_RECORDED, record)) {
      const recipient = DECISION_RECORDED.parse(record);
      await events.publish(ObjectionRecorded, {
        schemaVersion: 1,
        noticeId: recipient.noticeId,
        processorId: recipient.processorId,
        contractId: recipient.contractId,
        clientId: recipient.clientId,
        decision: recipient.decision.decision,
        ...(recipient.decision.grounds !== undefined && { grounds: recipient.decision.grounds }),
        recordedAt: recipient.decision.at,
      });
      logger.info('published ObjectionRecorded', { noticeId: recipient.noticeId, contractId: recipient.contractId });
    }
  }
});
