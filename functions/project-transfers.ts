import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import type { ListVersion } from '../shared/domain/registry-entities.js';
import { projectVersion } from '../shared/domain/transfers.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';

const { transfers } = registryStores();

/**
 * DynamoDB stream → transfer rows: each stored list version (the baseline included) refreshes its
 * processor's rows, which the legal queries read. A failure throws and the batch is retried.
 */
export const handler = defineTriggerHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined) continue;
    const item = unmarshall(image as Record<string, AttributeValue>);
    if (item.type !== 'ListVersion') continue;
    const version = item as ListVersion;
    const result = await projectVersion(version, { transfers });
    logger.info('transfers projected', { processorId: version.processorId, version: version.version, result });
  }
});
