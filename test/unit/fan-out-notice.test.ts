import { beforeEach, describe, expect, it } from 'vitest';
import { FAN_OUT_PAGE_SIZE, fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { DAY_MS } from '../../shared/domain/time.js';
import {
  contractsOf,
  drainQueues,
  type InMemoryPorts,
  inMemoryPorts,
  TransientProviderError,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

let ports: InMemoryPorts;

/** Contracts with these periods, a published change, the notice open: its first page waits in the queue. */
async function openWith(periods: number[], change: 'adds' | 'edits-address' = 'adds'): Promise<string> {
  await contractsOf(ports, 'prc_acme', periods);
  const [, version] = await twoVersions(ports, 'prc_acme', change);
  const notice = await openNotice({ processorId: 'prc_acme', version: version.version }, ports);
  expect(ports.fanOutPages.take()).toEqual([{ noticeId: notice?.id }]);
  return notice?.id as string;
}

beforeEach(() => {
  ports = inMemoryPorts(T0);
});

describe('fanOutNoticePage', () => {
  it('makes each contract a recipient with no deadline until its e-mail goes out, queues its e-mail and arms the earliest close', async () => {
    const noticeId = await openWith([30, 15]);

    expect(await fanOutNoticePage({ noticeId }, ports)).toEqual({ recipients: 2 });

    expect(ports.recipients.row(noticeId, 'ctr_000')).toEqual({
      noticeId,
      processorId: 'prc_acme',
      contractId: 'ctr_000',
      clientId: 'cli_prc_acme_0',
      notifyEmails: ['dpo0@client0.example'],
      noticePeriodDays: 30,
      publishedAt: T0,
      delivery: 'queued',
      deliveryEvents: [],
      windowState: 'pending',
      outcome: 'pending',
    });
    expect(ports.recipients.row(noticeId, 'ctr_001')?.closesAt).toBeUndefined();
    expect(ports.emailJobs.messages).toEqual([
      { noticeId, contractId: 'ctr_000' },
      { noticeId, contractId: 'ctr_001' },
    ]);
    expect(ports.scheduler.schedules).toEqual([{ noticeId, at: at(15 * DAY_MS) }]);
    expect(ports.notices.rows.get(noticeId)?.nextCloseCheckAt).toBe(at(15 * DAY_MS));
    expect(ports.fanOutPages.messages).toEqual([]);
  });

  it('replays a page harmlessly (duplicate delivery): one recipient and, in the end, one e-mail per contract', async () => {
    const noticeId = await openWith([15, 15]);

    await fanOutNoticePage({ noticeId }, ports);
    await fanOutNoticePage({ noticeId }, ports);

    expect(ports.recipients.rows.size).toBe(2);
    expect(ports.emailJobs.messages).toHaveLength(4);
    await drainQueues(ports);
    expect(ports.mailer.sent.map((e) => e.tags.contractId)).toEqual(['ctr_000', 'ctr_001']);
  });

  it('walks every page of contracts: 251 contracts are two pages and 251 recipients', async () => {
    const noticeId = await openWith(Array.from({ length: FAN_OUT_PAGE_SIZE + 1 }, () => 15));

    const first = await fanOutNoticePage({ noticeId }, ports);
    expect(first).toEqual({ recipients: FAN_OUT_PAGE_SIZE, nextCursor: 'ctr_249' });
    expect(ports.fanOutPages.take()).toEqual([{ noticeId, cursor: 'ctr_249' }]);
    expect(await fanOutNoticePage({ noticeId, cursor: 'ctr_249' }, ports)).toEqual({ recipients: 1 });

    expect(ports.fanOutPages.messages).toEqual([]);
    expect(ports.recipients.rows.size).toBe(FAN_OUT_PAGE_SIZE + 1);
    expect(new Set(ports.emailJobs.messages.map((j) => j.contractId)).size).toBe(FAN_OUT_PAGE_SIZE + 1);
  });

  it('never lets a later page move the next close check of the sweep later (defect 7)', async () => {
    const periods = Array.from({ length: FAN_OUT_PAGE_SIZE + 1 }, (_, i) => (i < FAN_OUT_PAGE_SIZE ? 15 : 30));
    const noticeId = await openWith(periods);

    await fanOutNoticePage({ noticeId }, ports);
    await fanOutNoticePage({ noticeId, cursor: 'ctr_249' }, ports);

    expect(ports.notices.rows.get(noticeId)?.nextCloseCheckAt).toBe(at(15 * DAY_MS));
    expect(ports.scheduler.schedules).toEqual([
      { noticeId, at: at(15 * DAY_MS) },
      { noticeId, at: at(30 * DAY_MS) },
    ]);
  });

  it('leaves out a contract signed after the list was published', async () => {
    const noticeId = await openWith([15]);
    ports.contracts.clientIds.add('cli_late');
    await ports.contracts.create({
      id: 'ctr_late',
      processorId: 'prc_acme',
      clientId: 'cli_late',
      notifyEmails: ['late@client.example'],
      noticePeriodDays: 15,
      createdAt: at(60_000),
    });

    expect(await fanOutNoticePage({ noticeId }, ports)).toEqual({ recipients: 1 });
    expect(ports.recipients.row(noticeId, 'ctr_late')).toBeUndefined();
    expect(ports.emailJobs.messages).toEqual([{ noticeId, contractId: 'ctr_000' }]);
  });

  it('leaves out an ended contract (issue 11): no recipient, no e-mail; the active one gets both', async () => {
    const noticeId = await openWith([15, 30]);
    const ended = ports.contracts.rows.get('prc_acme#ctr_001');
    if (ended === undefined) throw new Error('no contract ctr_001');
    expect(await ports.contracts.end(ended, T0)).toEqual({ written: true });

    expect(await fanOutNoticePage({ noticeId }, ports)).toEqual({ recipients: 1 });
    expect([...ports.recipients.rows.values()].map((r) => r.contractId)).toEqual(['ctr_000']);
    expect(ports.emailJobs.messages).toEqual([{ noticeId, contractId: 'ctr_000' }]);
    expect(ports.scheduler.schedules).toEqual([{ noticeId, at: at(15 * DAY_MS) }]);
  });

  it('opens no window and arms no close for an informational notice', async () => {
    const noticeId = await openWith([15], 'edits-address');

    await fanOutNoticePage({ noticeId }, ports);

    const row = ports.recipients.row(noticeId, 'ctr_000');
    expect(row).toMatchObject({ windowState: 'none', delivery: 'queued' });
    expect(row?.closesAt).toBeUndefined();
    expect(row?.outcome).toBeUndefined();
    expect(ports.scheduler.schedules).toEqual([]);
  });

  it('fails the message when the queue refuses the jobs, and the retry completes the page without duplicates', async () => {
    const noticeId = await openWith([15, 30]);
    ports.emailJobs.failNext();

    await expect(fanOutNoticePage({ noticeId }, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.recipients.rows.size).toBe(2);
    expect(ports.emailJobs.messages).toEqual([]);

    await fanOutNoticePage({ noticeId }, ports);
    expect(ports.recipients.rows.size).toBe(2);
    expect(ports.emailJobs.messages).toHaveLength(2);
  });

  it('fails on an unknown notice, so the message ends in the dead-letter queue', async () => {
    await expect(fanOutNoticePage({ noticeId: 'ntc_unknown_2' }, ports)).rejects.toThrow(
      'notice ntc_unknown_2 not found',
    );
    expect(ports.emailJobs.messages).toEqual([]);
  });
});
