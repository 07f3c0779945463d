import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalScheduler } from '../../infra/local/local-scheduler.js';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import {
  CloseWindowsTriggerSchema,
  closeNoticeTrigger,
  parseCloseWindowsTrigger,
  sweepTrigger,
} from '../../shared/wiring/close-windows-trigger.js';
import { BaseEnvironmentSchema, ENV, parseEnvironment } from '../../shared/wiring/environment.js';
import { SCHEDULES, STREAM_CONSUMERS } from '../../shared/wiring/events.js';
import { DECISION_RECORDED, isRecordOf, LIST_VERSION_STORED } from '../../shared/wiring/stream-records.js';
import { anEntry } from '../support/builders.js';

/** An item as the stream carries it (DynamoDB JSON); aws-lambda types AttributeValue on its own. */
const image = (item: Record<string, unknown>) =>
  marshall(item, { removeUndefinedValues: true }) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];

function aListVersion(overrides: Partial<ListVersion> = {}): ListVersion {
  return {
    processorId: 'prc_abc',
    processorName: 'Vendor',
    version: 2,
    subprocessors: [anEntry()],
    changes: {
      added: [{ key: 'name:ovh sas', name: 'OVH SAS', at: 'subprocessors[0]', classification: 'objection-window' }],
      removed: [],
      changed: [],
    },
    baseline: false,
    needsObjectionWindow: true,
    warnings: [],
    publishedAt: '2026-11-01T10:00:00.000Z',
    effectiveAt: '2026-11-16T10:00:00.000Z',
    rulesVersion: '2026-11',
    contentSha256: 'f'.repeat(64),
    ...overrides,
  };
}

function record(eventName: 'INSERT' | 'MODIFY', next: Record<string, unknown>, old?: Record<string, unknown>) {
  return {
    eventName,
    dynamodb: {
      NewImage: image(next),
      ...(old !== undefined && { OldImage: image(old) }),
    },
  } as DynamoDBRecord;
}

const recipient = {
  type: 'NoticeRecipient',
  noticeId: 'ntc_abc_2',
  processorId: 'prc_abc',
  contractId: 'ctr_1',
  clientId: 'cli_1',
  windowState: 'open',
};
const decision = { decision: 'object', at: '2026-11-02T10:00:00.000Z', ip: '192.0.2.1', userAgent: 'Firefox' };

describe('close trigger payload', () => {
  it('builds the one-time and sweep payloads as the deployed schedules carry them, and reads them back', () => {
    expect(closeNoticeTrigger('ntc_abc_2')).toEqual({ noticeId: 'ntc_abc_2' });
    expect(sweepTrigger()).toEqual({ sweep: true });
    expect(parseCloseWindowsTrigger({ noticeId: 'ntc_abc_2' })).toEqual({ noticeId: 'ntc_abc_2' });
    expect(parseCloseWindowsTrigger({ sweep: true })).toEqual({});
  });

  it('refuses anything else instead of reading it as a sweep', () => {
    for (const payload of [{}, { noticeId: 42 }, { noticeId: 'ntc_a', extra: 1 }, { source: 'aws.scheduler' }, null]) {
      expect(CloseWindowsTriggerSchema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
  });

  it('locally, sweeps with the shared payload and refuses to arm a schedule whose payload drifted', () => {
    const invoked: unknown[] = [];
    let now = new Date('2026-11-01T00:00:00Z');
    const scheduler = new LocalScheduler(
      () => now,
      (_target, input) => invoked.push(input),
    );
    const arn = `arn:aws:lambda:local:000000000000:function:${SCHEDULES.closeDueWindows.name}`;
    expect(() => scheduler.create('bad', 'at(2026-11-01T01:00:00)', arn, JSON.stringify({ notice: 'x' }))).toThrow();
    expect(
      scheduler.create('good', 'at(2026-11-01T00:30:00)', arn, JSON.stringify(closeNoticeTrigger('ntc_a_1'))),
    ).toBe(true);
    now = new Date('2026-11-01T01:00:00Z');
    // Each periodic sweep of SCHEDULES runs (the close sweep and the reminder pass), not only the first.
    expect(scheduler.runDue()).toBe(3);
    expect(invoked).toEqual([{ noticeId: 'ntc_a_1' }, { sweep: true }, { sweep: true }]);
  });
});

describe('stream records', () => {
  it('filters the stream with the very patterns the handlers classify records by', () => {
    expect(STREAM_CONSUMERS.publishRegistryEvents.filterPatterns).toEqual([
      LIST_VERSION_STORED.pattern,
      DECISION_RECORDED.pattern,
    ]);
    expect(STREAM_CONSUMERS.projectTransfers.filterPatterns).toEqual([LIST_VERSION_STORED.pattern]);
  });

  it('parses a stored list version from its image, key attributes stripped', () => {
    const version = aListVersion();
    const inserted = record('INSERT', { pk: 'PROCESSOR#prc_abc', sk: 'VERSION#2', type: 'ListVersion', ...version });
    expect(isRecordOf(LIST_VERSION_STORED, inserted)).toBe(true);
    expect(isRecordOf(DECISION_RECORDED, inserted)).toBe(false);
    expect(LIST_VERSION_STORED.parse(inserted)).toEqual(version);
  });

  it('fails on an image that is not a list version, instead of publishing undefined fields', () => {
    const broken = record('INSERT', { type: 'ListVersion', ...aListVersion(), version: '2' });
    expect(isRecordOf(LIST_VERSION_STORED, broken)).toBe(true);
    expect(() => LIST_VERSION_STORED.parse(broken)).toThrow(/version/);
  });

  it('lets through a decision only when it is new on this write', () => {
    const decided = record('MODIFY', { ...recipient, decision }, recipient);
    expect(isRecordOf(DECISION_RECORDED, decided)).toBe(true);
    expect(DECISION_RECORDED.parse(decided)).toEqual({
      noticeId: 'ntc_abc_2',
      processorId: 'prc_abc',
      contractId: 'ctr_1',
      clientId: 'cli_1',
      decision,
    });
    const touchedAgain = record(
      'MODIFY',
      { ...recipient, decision, windowState: 'closed' },
      { ...recipient, decision },
    );
    expect(isRecordOf(DECISION_RECORDED, touchedAgain)).toBe(false);
    const noDecision = record('MODIFY', { ...recipient, windowState: 'closed' }, recipient);
    expect(isRecordOf(DECISION_RECORDED, noDecision)).toBe(false);
  });
});

describe('environment', () => {
  it('names every missing or malformed variable of the base environment at once', () => {
    expect(() =>
      parseEnvironment(BaseEnvironmentSchema, { [ENV.tableName]: 'registry', [ENV.adminApiKeySha256]: 'x' }),
    ).toThrow(/EVENT_BUS_NAME: .*ADMIN_API_KEY_SHA256: must be the SHA-256/);
  });
});
