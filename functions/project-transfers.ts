import type { DynamoDBStreamEvent } from 'aws-lambda';
import { registryStores } from '../shared/adapters/registry-stores.js';
import { projectVersion } from '../shared/domain/transfers.js';
import { logger } from '../shared/logger.js';
import { defineTriggerHandler } from '../shared/triggers/define-trigger-handler.js';
import { isRecordOf, LIST_VERSION_STORED } from '../shared/wiring/stream-records.js';

const { transfers } = registryStores();

/**
 * DynamoDB stream → transfer rows: each stored list version (the baseline included) refreshes its
 * processor's rows, which the legal queries read. A failure throws and the batch is retried.
 */
export const handler = defineTriggerHandler(async (event: DynamoDBStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    if (!isRecordOf(LIST_VERSION_STORED, record)) continue;
    const version = LIST_VERSION_STORED.parse(record);
    const result = await projectVersion(version, { transfers });
    logger.info('transfers projected', { processorId: version.processorId, version: version.version, result });
  }
});
