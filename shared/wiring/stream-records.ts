import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import type { RecordedDecision } from '../domain/notice.js';
import type { ListVersion } from '../domain/registry-entities.js';
import { SubprocessorEntrySchema } from '../domain/subprocessor.js';
import { type EventPattern, matchesPattern } from './event-pattern.js';

/**
 * The table's stream records the consumers act on, declared once: each kind is the Lambda filter
 * pattern that lets it through (the CDK event-source filters and the local poller use the same
 * pattern, see STREAM_CONSUMERS) and the zod schema its image is parsed with. A consumer asks which
 * kind a record is with the same pattern, so the filter and the handler cannot disagree, and gets a
 * parsed image instead of a cast: an image that does not match fails the batch, which is retried and
 * then kept on the stream's dead-letter queue.
 */

const IssueSchema = z.object({ path: z.string(), rule: z.string(), message: z.string() });
const classification = z.enum(['objection-window', 'informational']);
/** A change record's entry: its key among its siblings and where it sits in the list (list-diff.ts). */
const changedNode = { key: z.string(), name: z.string(), at: z.string().optional() };

/** A list version as stored (shared/adapters/dynamodb/list-version-repository.ts). */
const ListVersionImageSchema: z.ZodType<ListVersion> = z.object({
  processorId: z.string().min(1),
  processorName: z.string(),
  version: z.number().int().positive(),
  subprocessors: z.array(SubprocessorEntrySchema),
  changes: z.object({
    added: z.array(
      z.object({
        ...changedNode,
        replaces: z.object({ key: z.string(), name: z.string() }).optional(),
        classification: z.literal('objection-window'),
      }),
    ),
    removed: z.array(z.object({ ...changedNode, classification: z.literal('informational') })),
    changed: z.array(
      z.object({
        ...changedNode,
        fields: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown(), classification })),
        classification,
      }),
    ),
  }),
  baseline: z.boolean(),
  needsObjectionWindow: z.boolean(),
  warnings: z.array(IssueSchema),
  publishedAt: z.iso.datetime(),
  effectiveAt: z.iso.datetime(),
  rulesVersion: z.string(),
  contentSha256: z.string(),
  withdraws: z.number().int().positive().optional(),
});

/** Through the link's form (no `channel` before issue 11) or through the API with the client's key. */
const RecordedDecisionSchema: z.ZodType<RecordedDecision> = z.union([
  z.object({
    decision: z.enum(['object', 'approve']),
    grounds: z.string().optional(),
    at: z.iso.datetime(),
    channel: z.literal('form').optional(),
    ip: z.string(),
    userAgent: z.string(),
  }),
  z.object({
    decision: z.enum(['object', 'approve']),
    grounds: z.string().optional(),
    at: z.iso.datetime(),
    channel: z.literal('api'),
    principal: z.object({ type: z.literal('client'), id: z.string() }),
    apiKeyId: z.string().optional(),
  }),
]);

/** The fields of a notice recipient (shared/domain/notice.ts) that announcing its decision needs. */
const DecidedRecipientImageSchema = z.object({
  noticeId: z.string().min(1),
  processorId: z.string().min(1),
  contractId: z.string().min(1),
  clientId: z.string().min(1),
  decision: RecordedDecisionSchema,
});

export interface StreamRecordKind<T> {
  /** Lambda event-filter pattern (EventBridge content-filter syntax) on the raw stream record. */
  pattern: EventPattern;
  /** The record's image, parsed; call it on a record the pattern matched. */
  parse(record: DynamoDBRecord): T;
}

function newImage<T>(schema: z.ZodType<T>) {
  return (record: DynamoDBRecord): T =>
    schema.parse(unmarshall((record.dynamodb?.NewImage ?? {}) as Record<string, AttributeValue>));
}

/** A list version newly stored (the baseline included). */
export const LIST_VERSION_STORED = {
  pattern: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['ListVersion'] } } } },
  parse: newImage(ListVersionImageSchema),
} as const satisfies StreamRecordKind<ListVersion>;

/** A decision newly recorded on a notice recipient (there was none before this write). */
export const DECISION_RECORDED = {
  pattern: {
    eventName: ['MODIFY'],
    dynamodb: {
      NewImage: { type: { S: ['NoticeRecipient'] }, decision: [{ exists: true }] },
      OldImage: { decision: [{ exists: false }] },
    },
  },
  parse: newImage(DecidedRecipientImageSchema),
} as const satisfies StreamRecordKind<z.output<typeof DecidedRecipientImageSchema>>;

/** True when the record passes the kind's filter pattern, as Lambda's event filtering decides. */
export function isRecordOf(kind: { pattern: EventPattern }, record: DynamoDBRecord): boolean {
  return matchesPattern(kind.pattern, record);
}
