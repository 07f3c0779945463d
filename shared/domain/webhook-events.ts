import { ObjectionRecorded } from '../events/objection-recorded.js';
import { ObjectionWindowClosed } from '../events/objection-window-closed.js';
import { SubprocessorChangeEffective } from '../events/subprocessor-change-effective.js';
import { SubprocessorListChanged } from '../events/subprocessor-list-changed.js';
import type { WebhookEvent } from './webhook-fan-out.js';

/**
 * A registry event (its detail-type and raw detail) as webhooks carry it, validated against its
 * contract; the key is each contract's documented idempotency key, so a re-published event maps to
 * the same deliveries.
 */
export function webhookEventOf(detailType: string, detail: unknown): WebhookEvent {
  switch (detailType) {
    case SubprocessorListChanged.detailType: {
      const d = SubprocessorListChanged.parse(detail);
      const key = `${detailType}:${d.processorId}:${d.version}`;
      return {
        type: 'SubprocessorListChanged',
        key,
        timestamp: d.publishedAt,
        processorId: d.processorId,
        data: d,
        version: d.version,
      };
    }
    case SubprocessorChangeEffective.detailType: {
      const d = SubprocessorChangeEffective.parse(detail);
      const key = `${detailType}:${d.processorId}:${d.version}`;
      return {
        type: 'SubprocessorChangeEffective',
        key,
        timestamp: d.effectiveAt,
        processorId: d.processorId,
        data: d,
        version: d.version,
      };
    }
    case ObjectionRecorded.detailType: {
      const d = ObjectionRecorded.parse(detail);
      return {
        type: 'ObjectionRecorded',
        key: `${detailType}:${d.noticeId}:${d.contractId}`,
        timestamp: d.recordedAt,
        processorId: d.processorId,
        data: d,
        contract: { id: d.contractId, clientId: d.clientId },
      };
    }
    case ObjectionWindowClosed.detailType: {
      const d = ObjectionWindowClosed.parse(detail);
      const key = `${detailType}:${d.noticeId}`;
      return {
        type: 'ObjectionWindowClosed',
        key,
        timestamp: d.closedAt,
        processorId: d.processorId,
        data: d,
        version: d.version,
      };
    }
    default:
      throw new Error(`no webhook event for detail-type ${detailType}`);
  }
}
