import { ObjectionRecorded } from '../events/objection-recorded.js';
import { ObjectionWindowClosed } from '../events/objection-window-closed.js';
import { SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '../events/ses-email-event.js';
import { SubprocessorChangeEffective } from '../events/subprocessor-change-effective.js';
import { SubprocessorListChanged } from '../events/subprocessor-list-changed.js';
import { CloseWindowsTriggerSchema, sweepTrigger } from './close-windows-trigger.js';
import { ENV } from './environment.js';
import { RemindersTriggerSchema, remindersSweepTrigger } from './reminders-trigger.js';
import { DECISION_RECORDED, LIST_VERSION_STORED } from './stream-records.js';

/**
 * Asynchronous wiring, declared once: the CDK stack builds rules, queues, stream consumers and
 * schedules from these tables, and the local stack runs the same handlers from the same tables.
 * Patterns use EventBridge's content-filter syntax (the local bus implements the subset used here).
 */

export const EVENT_BUS_NAME = 'subprocessor-registry';

/**
 * What a function does beyond reading and writing the table, so the CDK stack grants exactly that:
 * - `publishEvents`: puts events on the registry bus;
 * - `sendNotices`: e-mails through SES, feeds the notice queues, arms window-closing schedules (and
 *   gets the notification environment, see shared/notification-config.ts);
 * - `queueWebhooks`: feeds the webhook delivery queue and its dead-letter queue (and gets the
 *   webhook environment, see shared/webhook-config.ts).
 */
export type FunctionCapability = 'publishEvents' | 'sendNotices' | 'queueWebhooks';

export interface FunctionTarget {
  name: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  capabilities?: readonly FunctionCapability[];
}

/** DynamoDB stream of the registry table → function, with Lambda event-filter criteria (stream-records.ts). */
export const STREAM_CONSUMERS = {
  publishRegistryEvents: {
    name: 'publishRegistryEvents',
    entry: 'functions/publish-registry-events.ts',
    capabilities: ['publishEvents'],
    /** Any one pattern matching lets a record through (Lambda filter criteria are OR-ed). */
    filterPatterns: [LIST_VERSION_STORED.pattern, DECISION_RECORDED.pattern],
    batchSize: 10,
  },
  projectTransfers: {
    name: 'projectTransfers',
    entry: 'functions/project-transfers.ts',
    filterPatterns: [LIST_VERSION_STORED.pattern],
    batchSize: 10,
  },
} as const;

/**
 * EventBridge rules → function. `bus` names where the rule listens: the registry's own bus, or the
 * account's default bus, the only one SES configuration sets can deliver to.
 */
export const EVENT_RULES = {
  openNotice: {
    name: 'openNotice',
    bus: 'registry',
    entry: 'functions/open-notice.ts',
    capabilities: ['sendNotices'],
    pattern: { source: [SubprocessorListChanged.source], 'detail-type': [SubprocessorListChanged.detailType] },
  },
  /** A version that withdraws a pending one (SubprocessorListChanged with `withdraws`): its notice is withdrawn. */
  withdrawNotice: {
    name: 'withdrawNotice',
    bus: 'registry',
    entry: 'functions/withdraw-notice.ts',
    capabilities: ['publishEvents', 'sendNotices'],
    /** It pages through every contract of the notice and e-mails the notified ones: a close pass's budget. */
    timeoutSeconds: 300,
    pattern: {
      source: [SubprocessorListChanged.source],
      'detail-type': [SubprocessorListChanged.detailType],
      detail: { withdraws: [{ exists: true }] },
    },
  },
  /**
   * Issue 13, item 3: every confirmed e-mail subscriber of the processor hears of a new version
   * (claimed per version × subscriber, so a redelivered event sends nothing twice). It pages through
   * the subscribers and paces its sends: a close pass's budget.
   */
  informSubscribers: {
    name: 'informSubscribers',
    bus: 'registry',
    entry: 'functions/inform-subscribers.ts',
    capabilities: ['sendNotices'],
    timeoutSeconds: 300,
    pattern: { source: [SubprocessorListChanged.source], 'detail-type': [SubprocessorListChanged.detailType] },
  },
  confirmDecision: {
    name: 'confirmDecision',
    bus: 'registry',
    entry: 'functions/send-decision-confirmation.ts',
    capabilities: ['sendNotices'],
    pattern: { source: [ObjectionRecorded.source], 'detail-type': [ObjectionRecorded.detailType] },
  },
  recordDeliveryEvent: {
    name: 'recordDeliveryEvent',
    bus: 'default',
    entry: 'functions/record-delivery-event.ts',
    pattern: { source: [SES_EVENT_SOURCE], 'detail-type': [...SES_DETAIL_TYPES] },
  },
  /** Every decision reaches it; the use case e-mails the vendor of objections only (an approval sends nothing). */
  alertVendorOfObjection: {
    name: 'alertVendorOfObjection',
    bus: 'registry',
    entry: 'functions/alert-vendor-of-objection.ts',
    capabilities: ['sendNotices'],
    pattern: { source: [ObjectionRecorded.source], 'detail-type': [ObjectionRecorded.detailType] },
  },
  sendVendorSummary: {
    name: 'sendVendorSummary',
    bus: 'registry',
    entry: 'functions/send-vendor-summary.ts',
    capabilities: ['sendNotices'],
    pattern: { source: [ObjectionWindowClosed.source], 'detail-type': [ObjectionWindowClosed.detailType] },
  },
  /** Every event a webhook may subscribe to: one delivery per endpoint that may receive it (WEBHOOK_QUEUE). */
  fanOutWebhooks: {
    name: 'fanOutWebhooks',
    bus: 'registry',
    entry: 'functions/fan-out-webhooks.ts',
    capabilities: ['queueWebhooks'],
    pattern: {
      source: [SubprocessorListChanged.source],
      'detail-type': [
        SubprocessorListChanged.detailType,
        SubprocessorChangeEffective.detailType,
        ObjectionRecorded.detailType,
        ObjectionWindowClosed.detailType,
      ],
    },
  },
} as const;

export type StreamConsumer = (typeof STREAM_CONSUMERS)[keyof typeof STREAM_CONSUMERS];
export type EventRule = (typeof EVENT_RULES)[keyof typeof EVENT_RULES];

/**
 * SQS queues and their consumers. `maxConcurrency` bounds the consumer (event-source maximum
 * concurrency) so the SES sending rate is respected without dropping messages; after
 * `maxReceiveCount` failed receives a message moves to the queue's dead-letter queue.
 */
export const QUEUES = {
  noticeFanOut: {
    name: 'noticeFanOut',
    entry: 'functions/fan-out-notice.ts',
    capabilities: ['sendNotices'],
    urlVariable: ENV.noticeFanOutQueueUrl,
    batchSize: 1,
    maxConcurrency: 2,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 180,
  },
  noticeEmails: {
    name: 'noticeEmails',
    entry: 'functions/send-notice-emails.ts',
    capabilities: ['sendNotices'],
    urlVariable: ENV.noticeEmailQueueUrl,
    batchSize: 10,
    maxConcurrency: 2,
    maxReceiveCount: 8,
    visibilityTimeoutSeconds: 120,
  },
} as const;

/**
 * Window closing: one-time EventBridge Scheduler schedules per notice (created at run time, target
 * `closeDueWindows`) and a periodic sweep as a safety net, both running the same function.
 */
export const SCHEDULES = {
  closeDueWindows: {
    name: 'closeDueWindows',
    entry: 'functions/close-due-windows.ts',
    capabilities: ['publishEvents', 'sendNotices'],
    sweepExpression: 'rate(1 hour)',
    sweepEveryMs: 3_600_000,
    /** What every trigger of the function carries: the CDK sweep, the one-time schedules, locally too. */
    triggerSchema: CloseWindowsTriggerSchema,
    sweepInput: sweepTrigger,
  },
  /**
   * Reminders before a window closes (issue 10, item 5): an hourly pass over the open notices sends
   * each contract's reminder once it is within the processor's lead time of its deadline (claimed on
   * a permanent record, so a repeated or overlapping pass sends nothing twice). Hourly is the
   * precision of a lead time counted in days; the local clock runs it like the close sweep.
   */
  sendDueReminders: {
    name: 'sendDueReminders',
    entry: 'functions/send-due-reminders.ts',
    capabilities: ['sendNotices'],
    sweepExpression: 'rate(1 hour)',
    sweepEveryMs: 3_600_000,
    triggerSchema: RemindersTriggerSchema,
    sweepInput: remindersSweepTrigger,
  },
} as const;

export type QueueDefinition = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Consumers of a queue's dead-letter queue: a job that exhausted its retries is not only kept for
 * the operator (the alarm on the dead-letter queue) but acted on. `queue` names the QUEUES entry.
 * The consumer is idempotent: a dead letter delivered twice changes nothing the second time.
 */
export const DEAD_LETTER_CONSUMERS = {
  failedNoticeEmails: {
    name: 'failedNoticeEmails',
    entry: 'functions/record-failed-notice-emails.ts',
    queue: 'noticeEmails',
    batchSize: 10,
    maxConcurrency: 2,
    /** Half the dead-letter queue's visibility timeout (SQS default, 30 s): one update per record. */
    timeoutSeconds: 15,
  },
} as const satisfies Record<
  string,
  FunctionTarget & { queue: keyof typeof QUEUES; batchSize: number; maxConcurrency: number; timeoutSeconds: number }
>;

export type DeadLetterConsumer = (typeof DEAD_LETTER_CONSUMERS)[keyof typeof DEAD_LETTER_CONSUMERS];

/**
 * Webhook deliveries: one message per attempt. A failed attempt is not a failed message: the
 * consumer records it and sends the next attempt as a new message, delayed by the retry schedule
 * (shared/domain/webhook.ts); a wait beyond SQS's 15-minute DelaySeconds is re-queued until due
 * (at most 40 hops for the longest, 10-hour wait). After the last attempt the consumer itself sends
 * the job to the dead-letter queue. `maxReceiveCount` only catches a consumer that keeps crashing.
 */
export const WEBHOOK_QUEUE = {
  name: 'webhookDeliveries',
  deadLetterName: 'webhookDeliveriesDeadLetters',
  entry: 'functions/deliver-webhooks.ts',
  capabilities: ['queueWebhooks'],
  batchSize: 5,
  /** Receivers are slow or down at times: a bounded pool keeps one bad endpoint from starving the rest. */
  maxConcurrency: 5,
  maxReceiveCount: 5,
  /** Five sequential 15-second attempts at most per batch, with room to spare. */
  visibilityTimeoutSeconds: 180,
} as const satisfies FunctionTarget & {
  deadLetterName: string;
  batchSize: number;
  maxConcurrency: number;
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
};
