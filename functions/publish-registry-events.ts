import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import type { ListVersion } from '../shared/domain/registry-entities.js';
import { SubprocessorListChanged } from '../shared/events/subprocessor-list-changed.js';
import { logger } from '../shared/logger.js';

const { events } = registryStores();

/**
 * DynamoDB stream → bus. A stored list version that changes something (not the baseline) becomes a
 * SubprocessorListChanged event: the version cannot be stored without the event following.
 * A failure throws, so Lambda retries the batch; consumers are idempotent on (processorId, version).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (item.type !== 'ListVersion') continue;
    const version = item as ListVersion & { type: string };
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
}
