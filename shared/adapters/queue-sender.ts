import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueueSender {
  /** Sends the messages in batches of ten (the SQS limit); any failed entry is an error. */
  sendAll(queueUrl: string, messages: readonly unknown[]): Promise<void>;
}

export class SqsQueueSender implements QueueSender {
  constructor(private readonly client: SQSClient) {}

  async sendAll(queueUrl: string, messages: readonly unknown[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
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
