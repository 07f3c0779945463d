import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import type { NoticeRecipient } from '../shared/domain/notice.js';
import type { ListVersion } from '../shared/domain/registry-entities.js';
import { ObjectionRecorded } from '../shared/events/objection-recorded.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const { events } = registryStores();

const image = (value: Record<string, unknown> | undefined) =>
  value === undefined ? undefined : unmarshall(value as Record<string, AttributeValue>);

/**
 * DynamoDB stream → bus: what is stored is followed by its event, and cannot come apart from it.
 * - a stored list version that changes something (not the baseline) → SubprocessorListChanged;
 * - a decision newly stored on a notice recipient → ObjectionRecorded.
 * A failure throws, so Lambda retries the batch; consumers are idempotent on the business key.
 */
export const handler = defineTriggerHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    const next = image(record.dynamodb?.NewImage);
    if (next === undefined) continue;
    if (record.eventName === 'INSERT' && next.type === 'ListVersion') {
      const version = next as ListVersion;
      if (version.baseline) continue;
      await events.publish(SubprocessorListChanged, {
        schemaVersion: 1,
        processorId: version.processorId,
        version: version.version,
        publishedAt: version.publishedAt,
        effectiveAt: version.effectiveAt,
        needsObjectionWindow: version.needsObjectionWindow,
      });
      logger.info('published SubprocessorListChanged', { processorId: version.processorId, version: version.version });
    }
    const previous = image(record.dynamodb?.OldImage);
    if (
      record.eventName === 'MODIFY' &&
      next.type === 'NoticeRecipient' &&
      next.decision !== undefined &&
      previous?.decision === undefined
    ) {
      const recipient = next as NoticeRecipient & { decision: NonNullable<NoticeRecipient['decision']> };
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
