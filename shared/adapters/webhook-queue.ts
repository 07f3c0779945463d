import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookQueue } from '../domain/ports.js';
import type { WebhookJob } from '../domain/webhook.js';

/** The delivery queue and its dead-letter queue on SQS; a job is JSON. */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly deadLetterQueueUrl: string,
  ) {}

  async send(job: WebhookJob, delaySeconds: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job), DelaySeconds: delaySeconds }),
    );
  }

  /** The job that exhausted its attempts, kept for the operator (the dead-letter queue's alarm). */
  async deadLetter(job: WebhookJob): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.deadLetterQueueUrl, MessageBody: JSON.stringify(job) }),
    );
  }
}
