import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSender } from '../domain/ports.js';

/** SendMessageBatch takes at most ten entries (SQS quota). */
const SQS_BATCH_SIZE = 10;

/** One SQS queue carrying messages of one kind, as JSON. */
export class SqsQueueSender<M> implements QueueSender<M> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async sendAll(messages: readonly M[]): Promise<void> {
    for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
      const batch = messages.slice(start, start + SQS_BATCH_SIZE);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
        }),
      );
      if ((result.Failed?.length ?? 0) > 0) {
        throw new Error(
          `SQS refused ${result.Failed?.length} messages: ${result.Failed?.[0]?.Code} ${result.Failed?.[0]?.Message}`,
        );
      }
    }
  }
}
