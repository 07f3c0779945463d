import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse } from 'aws-lambda';
import { DEAD_LETTER_CONSUMERS, QUEUES, WEBHOOK_QUEUE } from '../../shared/wiring/events.js';
import { lambdaContext, loadHandler } from './handler-loader.js';

/** What the local queue needs of a queue definition (a QUEUES entry, or a dead-letter consumer's). */
type LocalQueueDefinition = {
  name: string;
  entry: string;
  batchSize: number;
  maxConcurrency: number;
  maxReceiveCount: number;
};

interface LocalMessage {
  messageId: string;
  body: string;
  receiveCount: number;
}

/**
 * In-process stand-in for an SQS queue with a Lambda event-source mapping: batches of `batchSize`,
 * at most `maxConcurrency` batches at once, partial batch failures, redelivery of failed messages,
 * and a dead-letter list after `maxReceiveCount` receives, all from the shared QUEUES table.
 */
export class LocalQueue {
  readonly deadLetters: LocalMessage[] = [];
  private readonly pending: LocalMessage[] = [];
  /** Messages sent with DelaySeconds, released once the local clock reaches `visibleAt` (releaseDue). */
  private readonly delayed: Array<LocalMessage & { visibleAt: number }> = [];
  private running = 0;

  constructor(
    readonly definition: LocalQueueDefinition,
    private readonly track: (work: Promise<void>) => void,
    /** The consumer of this queue's dead letters (DEAD_LETTER_CONSUMERS), as SQS redrive feeds it. */
    private readonly deadLetterConsumer?: LocalQueue,
    /** The local clock: a delayed message follows it, so moving the clock runs due retries. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  send(bodies: readonly string[], delaySeconds = 0): string[] {
    const ids = bodies.map((body) => {
      const messageId = randomUUID();
      if (delaySeconds > 0) {
        this.delayed.push({ messageId, body, receiveCount: 0, visibleAt: this.now().getTime() + delaySeconds * 1000 });
      } else {
        this.pending.push({ messageId, body, receiveCount: 0 });
      }
      return messageId;
    });
    this.pump();
    return ids;
  }

  /** Moves the delayed messages now due to the queue; returns how many. */
  releaseDue(): number {
    const now = this.now().getTime();
    const due = this.delayed.filter((m) => m.visibleAt <= now);
    if (due.length === 0) return 0;
    for (const message of due) this.delayed.splice(this.delayed.indexOf(message), 1);
    this.pending.push(...due.map(({ visibleAt: _visibleAt, ...message }) => message));
    this.pump();
    return due.length;
  }

  get depth(): number {
    return this.pending.length + this.running;
  }

  /** Execution environments not running a batch now: at most `maxConcurrency`, each with its own module. */
  private idleInstances: number[] | undefined;

  private pump(): void {
    this.idleInstances ??= Array.from({ length: this.definition.maxConcurrency }, (_, i) => i);
    while (this.idleInstances.length > 0 && this.pending.length > 0) {
      const instance = this.idleInstances.shift() as number;
      const batch = this.pending.splice(0, this.definition.batchSize);
      this.running += 1;
      this.track(
        this.consume(batch, instance).finally(() => {
          this.running -= 1;
          this.idleInstances?.push(instance);
          this.pump();
        }),
      );
    }
  }

  private async consume(batch: LocalMessage[], instance: number): Promise<void> {
    for (const message of batch) message.receiveCount += 1;
    let failed: Set<string>;
    try {
      const handler = await loadHandler(this.definition.entry, instance);
      const response = (await handler(
        {
          Records: batch.map((m) => ({
            messageId: m.messageId,
            receiptHandle: m.messageId,
            body: m.body,
            attributes: { ApproximateReceiveCount: String(m.receiveCount) },
            messageAttributes: {},
            eventSource: 'aws:sqs',
            eventSourceARN: `arn:aws:sqs:local:000000000000:${this.definition.name}`,
          })),
        },
        lambdaContext(this.definition.name),
      )) as SQSBatchResponse | undefined;
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      console.error(`local: ${this.definition.name} consumer threw; the whole batch is retried`, error);
      failed = new Set(batch.map((m) => m.messageId));
    }
    const retry = batch.filter((m) => failed.has(m.messageId));
    if (retry.length === 0) return;
    // Visibility timeout, shortened locally: failed messages come back after a short pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const message of retry) {
      if (message.receiveCount >= this.definition.maxReceiveCount) {
        this.deadLetters.push(message);
        console.error(`local: message ${message.messageId} moved to the dead-letter queue of ${this.definition.name}`);
        this.deadLetterConsumer?.send([message.body]);
      } else {
        this.pending.push(message);
      }
    }
  }
}

const DEAD_LETTER_RECEIVES = 20;

/** A dead-letter queue nothing consumes (the webhook one): it keeps what is sent to it, for a test to see. */
class LocalDeadLetterQueue extends LocalQueue {
  override send(bodies: readonly string[]): string[] {
    return bodies.map((body) => {
      const messageId = randomUUID();
      this.deadLetters.push({ messageId, body, receiveCount: 0 });
      return messageId;
    });
  }
}

export function createLocalQueues(
  track: (work: Promise<void>) => void,
  now: () => Date = () => new Date(),
): Map<string, LocalQueue> {
  const deadLetterConsumers = new Map(
    Object.values(DEAD_LETTER_CONSUMERS).map((consumer) => [
      consumer.queue as string,
      // In SQS a dead letter its consumer cannot handle stays until the retention ends; locally it is
      // retried a while and then kept in this consumer's own `deadLetters`, for a test to see.
      new LocalQueue({ ...consumer, maxReceiveCount: DEAD_LETTER_RECEIVES }, track),
    ]),
  );
  const webhookDeadLetters = new LocalDeadLetterQueue({ ...WEBHOOK_QUEUE, name: WEBHOOK_QUEUE.deadLetterName }, track);
  return new Map([
    ...Object.values(QUEUES).map(
      (definition) =>
        [definition.name, new LocalQueue(definition, track, deadLetterConsumers.get(definition.name))] as const,
    ),
    [WEBHOOK_QUEUE.name, new LocalQueue(WEBHOOK_QUEUE, track, webhookDeadLetters, now)],
    [WEBHOOK_QUEUE.deadLetterName, webhookDeadLetters],
  ]);
}
