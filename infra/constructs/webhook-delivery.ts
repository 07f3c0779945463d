import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, type WebhookEnvironment } from '../../shared/wiring/environment.js';
import { WEBHOOK_QUEUE } from '../../shared/wiring/events.js';
import type { RegistryAlarms } from './alarms.js';
import { nodeUniqueIdWithoutGroups, ResourceGroup } from './resource-group.js';

/**
 * The webhook delivery path (shared WEBHOOK_QUEUE): the queue of attempts, its dead-letter queue
 * (alarmed) where deliveries out of retries and crashing jobs end, and the consumer's mapping.
 * The fan-out function comes from EVENT_RULES like every rule target; both get `environment`.
 */
export class WebhookDelivery extends ResourceGroup {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly environment: WebhookEnvironment;

  constructor(scope: Construct, id: string, props: { alarms: RegistryAlarms }) {
    super(scope, id);
    this.deadLetters = props.alarms.deadLetterQueue(
      'WebhookDeadLetters',
      'Webhook deliveries exhausted their retries (the endpoint is disabled unless it succeeded since)',
    );
    this.queue = new Queue(this, 'WebhookQueue', {
      visibilityTimeout: Duration.seconds(WEBHOOK_QUEUE.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: WEBHOOK_QUEUE.maxReceiveCount },
    });
    this.environment = {
      [ENV.webhookQueueUrl]: this.queue.queueUrl,
      [ENV.webhookDeadLetterQueueUrl]: this.deadLetters.queueUrl,
      // Left unset in AWS (default false): loopback and http are for the local stack alone.
      [ENV.webhookAllowLoopbackHttp]: undefined,
    };
  }

  /** A function that queues attempts (fan-out, and the consumer's own retries) and dead-letters them. */
  grantQueueing(fn: IFunction): void {
    this.queue.grantSendMessages(fn);
    this.deadLetters.grantSendMessages(fn);
  }

  /** The consumer: bounded concurrency, failed records alone retried. */
  consumeWith(fn: IFunction): void {
    fn.addEventSourceMapping(`SqsEventSource:${nodeUniqueIdWithoutGroups(this.queue)}`, {
      eventSourceArn: this.queue.queueArn,
      batchSize: WEBHOOK_QUEUE.batchSize,
      maxConcurrency: WEBHOOK_QUEUE.maxConcurrency,
      reportBatchItemFailures: true,
    });
    this.queue.grantConsumeMessages(fn);
  }

  /** The consumer's timeout: half the visibility timeout, so a message is never received twice at once. */
  static consumerTimeout(): Duration {
    return Duration.seconds(Math.floor(WEBHOOK_QUEUE.visibilityTimeoutSeconds / 2));
  }
}
