import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/aws-clients.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { registryStores } from '../../shared/adapters/registry-stores.js';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import type { NoticeRecipient } from '../../shared/domain/notice.js';
import { recordDecision } from '../../shared/domain/record-decision.js';
import { InMemoryEventPublisher, InMemoryWindowScheduler } from '../support/in-memory-ports.js';
import { aVendorWithClients, emailsTo, objectionLink, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const ROUNDS = 4;
const CONTRACTS_PER_ROUND = 15;

const fixedClock = (at: string) => ({ now: () => new Date(at) });
const jitter = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
const minusOneMs = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

/**
 * Each client objects one millisecond before its deadline (by its own clock) while two close
 * passes — the one-time schedule and the sweep — run at the deadline (by theirs), all at once
 * against DynamoDB Local. Whoever commits first wins; what must hold either way is checked below.
 */
describe('an objection racing the close at the deadline', () => {
  it('never loses an acknowledged objection and never records two outcomes', async () => {
    const tally = { acknowledged: 0, refused: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const vendor = await aVendorWithClients(api, CONTRACTS_PER_ROUND);
      const put = await publishAddition(api, vendor);
      const noticeId = put.notice.id as string;
      const stores = registryStores();
      const recipients = (await stores.recipients.page(noticeId, { limit: 100 })).items;
      expect(recipients).toHaveLength(CONTRACTS_PER_ROUND);
      const byContract = new Map(recipients.map((r) => [r.contractId, r]));
      const lastDeadline = recipients
        .map((r) => r.closesAt as string)
        .sort()
        .at(-1) as string;

      const events = new InMemoryEventPublisher();
      const closePass = () =>
        closeNoticeWindows(noticeId, {
          ...stores,
          clock: fixedClock(lastDeadline),
          scheduler: new InMemoryWindowScheduler(),
          events,
          claimTimeoutMs: 5 * 60_000,
        });
      const objections = vendor.clients.map(async (client) => {
        const [email] = await emailsTo(api, client.email);
        if (email === undefined) throw new Error(`no e-mail to ${client.email}`);
        const token = objectionLink(email).split('/').at(-1) as string;
        const recipient = byContract.get(client.contractId) as NoticeRecipient;
        await jitter();
        const result = await recordDecision(
          token,
          { decision: 'object', grounds: 'race', ip: '192.0.2.1', userAgent: 'race-test' },
          { ...stores, clock: fixedClock(minusOneMs(recipient.closesAt as string)) },
        );
        return {
          contractId: client.contractId,
          acknowledged: result.kind === 'decided' && result.recordedNow === true,
        };
      });
      const [answers] = await Promise.all([
        Promise.all(objections),
        jitter().then(closePass),
        jitter().then(closePass),
      ]);
      // Whatever the two passes left open (none should), a later pass closes.
      await closePass();

      for (const answer of answers) {
        const after = await stores.recipients.get(noticeId, answer.contractId);
        const record = await documentClient.send(
          new GetCommand({ TableName: api.stack.tableName, Key: keys.outcomeRecord(noticeId, answer.contractId) }),
        );
        expect(after?.windowState).toBe('closed');
        // One outcome, the same on the window and in its append-only record.
        expect(record.Item?.outcome).toBe(after?.outcome);
        if (answer.acknowledged) {
          tally.acknowledged += 1;
          expect(after?.outcome).toBe('objected');
          expect(record.Item?.decision).toMatchObject({ decision: 'object', grounds: 'race' });
        } else {
          tally.refused += 1;
          expect(after?.decision).toBeUndefined();
          expect(after?.outcome).toBe('implied-consent');
        }
      }
      const notice = await stores.notices.get(noticeId);
      expect(notice?.state).toBe('closed');
      const objected = answers.filter((a) => a.acknowledged).length;
      expect(notice?.counts).toEqual({
        objected,
        approved: 0,
        impliedConsent: CONTRACTS_PER_ROUND - objected,
        notNotified: 0,
        withdrawn: 0,
      });
      // Three passes, two of them concurrent: the notice's close is published once, with the stored counts.
      expect(events.published.filter((e) => e.detailType === 'ObjectionWindowClosed')).toEqual([
        {
          detailType: 'ObjectionWindowClosed',
          detail: {
            schemaVersion: 1,
            noticeId,
            processorId: notice?.processorId,
            version: notice?.version,
            closedAt: notice?.closedAt,
            counts: notice?.counts,
          },
        },
      ]);
    }
    expect(tally.acknowledged + tally.refused).toBe(ROUNDS * CONTRACTS_PER_ROUND);
    console.info(`race: ${tally.acknowledged} objections won the race, ${tally.refused} arrived after the close (409)`);
  }, 120_000);
});
