import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DeadLetterConsumer, QUEUES, type QueueDefinition } from '../../shared/wiring/events.js';
import type { RegistryAlarms } from './alarms.js';
import { nodeUniqueIdWithoutGroups, ResourceGroup } from './resource-group.js';

/** The notice pipeline's queues (fan-out pages, e-mails) from the shared QUEUES table, each with its dead-letter queue. */
export class NoticeQueues extends ResourceGroup {
  readonly byName: Record<keyof typeof QUEUES, Queue>;
  /** Each queue's dead-letter queue, by the queue's name. */
  readonly deadLettersByName: Record<keyof typeof QUEUES, Queue>;
  private readonly alarms: RegistryAlarms;

  constructor(scope: Construct, id: string, props: { alarms: RegistryAlarms }) {
    super(scope, id);
    this.alarms = props.alarms;
    const deadLetters: Array<readonly [string, Queue]> = [];
    const entries = Object.values(QUEUES).map((definition) => {
      const dlq = props.alarms.deadLetterQueue(
        `${definition.name}DeadLetters`,
        `${definition.name} jobs failed repeatedly`,
      );
      deadLetters.push([definition.name, dlq]);
      const queue = new Queue(this, `${definition.name}Queue`, {
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
      });
      return [definition.name, queue] as const;
    });
    this.byName = Object.fromEntries(entries) as Record<keyof typeof QUEUES, Queue>;
    this.deadLettersByName = Object.fromEntries(deadLetters) as Record<keyof typeof QUEUES, Queue>;
  }

  /**
   * A function that acts on a queue's dead letters (DEAD_LETTER_CONSUMERS): bounded, failed records
   * alone retried. A dead letter it cannot handle stays in the queue (and its alarm) until it can.
   */
  consumeDeadLettersWith(consumer: DeadLetterConsumer, fn: IFunction): void {
    const dlq = this.deadLettersByName[consumer.queue];
    fn.addEventSourceMapping(`SqsEventSource:${nodeUniqueIdWithoutGroups(dlq)}`, {
      eventSourceArn: dlq.queueArn,
      batchSize: consumer.batchSize,
      maxConcurrency: consumer.maxConcurrency,
      reportBatchItemFailures: true,
    });
    dlq.grantConsumeMessages(fn);
    // The consumer empties the queue within seconds, so its depth alarm may never see a message:
    // what it received is what failed, and a person should hear of it (an SES outage, a bad sender).
    this.alarms.alarm(
      `${consumer.name}Received`,
      dlq.metricNumberOfMessagesReceived({ period: Duration.minutes(5), statistic: 'Sum' }),
      1,
      `${consumer.queue} jobs exhausted their retries and were marked failed: fix the cause, then resend`,
    );
  }

  /** The consumer's timeout, which a message's visibility timeout must outlast. */
  static consumerTimeout(definition: QueueDefinition): Duration {
    // A message must not become visible again while its first receiver still works on it.
    return Duration.seconds(Math.floor(definition.visibilityTimeoutSeconds / 2));
  }

  /**
   * Bounded concurrency keeps the SES rate; failed records alone are retried. What SqsEventSource
   * does, with the mapping id it gave before the queues moved into this group: Lambda refuses a
   * second mapping of the same queue and function, so a replaced mapping would fail the deployment.
   */
  consumeWith(definition: QueueDefinition, fn: IFunction): void {
    const queue = this.byName[definition.name];
    fn.addEventSourceMapping(`SqsEventSource:${nodeUniqueIdWithoutGroups(queue)}`, {
      eventSourceArn: queue.queueArn,
      batchSize: definition.batchSize,
      maxConcurrency: definition.maxConcurrency,
      reportBatchItemFailures: true,
    });
    queue.grantConsumeMessages(fn);
  }
}
