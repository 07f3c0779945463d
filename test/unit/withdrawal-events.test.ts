import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.js';
import { ObjectionWindowClosed } from '../../shared/events/objection-window-closed.js';
import { SubprocessorChangeWithdrawn } from '../../shared/events/subprocessor-change-withdrawn.js';
import { SubprocessorListChanged } from '../../shared/events/subprocessor-list-changed.js';
import { matchesPattern } from '../../shared/wiring/event-pattern.js';
import { EVENT_RULES } from '../../shared/wiring/events.js';
import { isRecordOf, LIST_VERSION_STORED } from '../../shared/wiring/stream-records.js';
import { anEntry } from '../support/builders.js';
import { aListVersion } from '../support/in-memory-ports.js';

/** What a subscriber of SubprocessorChangeWithdrawn receives. */
const WITHDRAWN_SAMPLE = {
  schemaVersion: 1,
  noticeId: 'ntc_acme_2',
  processorId: 'prc_acme',
  version: 2,
  withdrawnByVersion: 3,
  withdrawnAt: '2026-01-06T09:00:00.000Z',
  counts: { objected: 0, approved: 0, impliedConsent: 1, notNotified: 0, withdrawn: 2 },
};

const LIST_CHANGED_SAMPLE = {
  schemaVersion: 1,
  processorId: 'prc_acme',
  version: 3,
  publishedAt: '2026-01-06T09:00:00.000Z',
  effectiveAt: '2026-01-06T09:00:00.000Z',
  needsObjectionWindow: false,
  withdraws: 2,
};

const onBus = (detailType: string, detail: unknown) => ({
  source: 'subprocessor-registry',
  'detail-type': detailType,
  detail,
});

describe('withdrawal events', () => {
  it('SubprocessorChangeWithdrawn: the sample parses as is; a missing count is refused naming it', () => {
    expect(SubprocessorChangeWithdrawn.parse(WITHDRAWN_SAMPLE)).toEqual(WITHDRAWN_SAMPLE);
    const { withdrawn: _w, ...counts } = WITHDRAWN_SAMPLE.counts;
    expect(() => SubprocessorChangeWithdrawn.parse({ ...WITHDRAWN_SAMPLE, counts })).toThrow(ValidationError);
    expect(() => SubprocessorChangeWithdrawn.parse({ ...WITHDRAWN_SAMPLE, counts })).toThrow(
      /detail\.counts\.withdrawn/,
    );
  });

  it('SubprocessorListChanged carries withdraws; only such an event reaches withdrawNotice, every one reaches openNotice', () => {
    expect(SubprocessorListChanged.parse(LIST_CHANGED_SAMPLE)).toEqual(LIST_CHANGED_SAMPLE);
    const { withdraws: _n, ...plain } = LIST_CHANGED_SAMPLE;
    expect(SubprocessorListChanged.parse(plain)).toEqual(plain);

    const withdrawal = onBus('SubprocessorListChanged', LIST_CHANGED_SAMPLE);
    const change = onBus('SubprocessorListChanged', plain);
    expect(matchesPattern(EVENT_RULES.withdrawNotice.pattern, withdrawal)).toBe(true);
    expect(matchesPattern(EVENT_RULES.withdrawNotice.pattern, change)).toBe(false);
    expect(matchesPattern(EVENT_RULES.openNotice.pattern, withdrawal)).toBe(true);
  });

  it('ObjectionWindowClosed: counts without withdrawn (an earlier producer) read as 0', () => {
    const detail = {
      schemaVersion: 1,
      noticeId: 'ntc_acme_2',
      processorId: 'prc_acme',
      version: 2,
      closedAt: '2026-01-21T09:00:00.000Z',
      counts: { objected: 1, approved: 0, impliedConsent: 2, notNotified: 0 },
    };
    expect(ObjectionWindowClosed.parse(detail).counts).toEqual({ ...detail.counts, withdrawn: 0 });
  });

  it('the stream image of a withdrawal version keeps withdraws', () => {
    const version = { ...aListVersion('prc_acme', [anEntry()], undefined, '2026-01-06T09:00:00.000Z'), withdraws: 2 };
    const record: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: {
        NewImage: marshall(
          { ...version, pk: 'PROCESSOR#prc_acme', sk: 'VERSION#0000000003', type: 'ListVersion' },
          {
            removeUndefinedValues: true,
          },
        ) as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'],
      },
    };
    expect(isRecordOf(LIST_VERSION_STORED, record)).toBe(true);
    expect(LIST_VERSION_STORED.parse(record).withdraws).toBe(2);
  });
});
