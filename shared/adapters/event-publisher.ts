import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type * as z from 'zod';
import type { EventPublisher } from '../domain/ports.js';
import type { EventContract } from '../events/event-contract.js';

/**
 * Publishes registry events on the bus. A partial failure (FailedEntryCount > 0) is an error, so the
 * caller's trigger retries; consumers are idempotent on the event's business key.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish<S extends z.ZodType>(contract: EventContract<S>, detail: z.input<S>): Promise<void> {
    const checked = contract.schema.parse(detail);
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.busName,
            Source: contract.source,
            DetailType: contract.detailType,
            Detail: JSON.stringify(checked),
          },
        ],
      }),
    );
    if ((result.FailedEntryCount ?? 0) > 0) {
      const entry = result.Entries?.find((e) => e.ErrorCode !== undefined);
      throw new Error(`PutEvents failed for ${contract.detailType}: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
    }
  }
}
