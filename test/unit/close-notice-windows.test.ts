import { beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_RECHECK_MS, closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { DAY_MS } from '../../shared/domain/time.js';
import {
  aNoticeSent,
  contractsOf,
  type InMemoryPorts,
  inMemoryPorts,
  TransientProviderError,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const decision = (when: string) => ({ decision: 'object' as const, at: when, ip: '192.0.2.1', userAgent: 'ua' });

let ports: InMemoryPorts;
let noticeId: string;
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  // Two contracts: 15 and 30 days; both e-mails go out at T0.
  ({
    notice: { id: noticeId },
  } = await aNoticeSent(ports, [15, 30]));
});

describe('closeNoticeWindows', () => {
  it('closes only the window that is due, and re-arms the close at the next deadline', async () => {
    ports.clock.set(at(15 * DAY_MS));

    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');

    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({
      windowState: 'closed',
      outcome: 'implied-consent',
      closedAt: at(15 * DAY_MS),
    });
    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ windowState: 'open', outcome: 'pending' });
    expect([...ports.recipients.outcomes.values()]).toEqual([
      {
        noticeId,
        contractId: 'ctr_000',
        clientId: 'cli_prc_acme_0',
        outcome: 'implied-consent',
        closedAt: at(15 * DAY_MS),
        closesAt: at(15 * DAY_MS),
        delivery: 'sent',
      },
    ]);
    // The fan-out armed the first deadline; this pass arms the second.
    expect(ports.scheduler.schedules).toEqual([
      { noticeId, at: at(15 * DAY_MS) },
      { noticeId, at: at(30 * DAY_MS) },
    ]);
    expect(ports.notices.rows.get(noticeId)?.nextCloseCheckAt).toBe(at(30 * DAY_MS));
    expect(ports.notices.rows.get(noticeId)?.state).toBe('open');
    expect(ports.events.published).toEqual([]);
  });

  it('closes the notice when the last window closes and publishes ObjectionWindowClosed once, however often it runs', async () => {
    ports.clock.set(at(30 * DAY_MS));

    // The schedule and the sweep at once, then a retry of each.
    expect(await Promise.all([closeNoticeWindows(noticeId, ports), closeNoticeWindows(noticeId, ports)])).toEqual([
      'closed',
      'closed',
    ]);
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');

    const notice = ports.notices.rows.get(noticeId);
    expect(notice).toMatchObject({
      state: 'closed',
      closedAt: at(30 * DAY_MS),
      closedEventPublished: true,
      counts: { objected: 0, approved: 0, impliedConsent: 2, notNotified: 0, withdrawn: 0 },
    });
    expect(notice?.nextCloseCheckAt).toBeUndefined();
    expect(ports.events.published).toEqual([
      {
        detailType: 'ObjectionWindowClosed',
        detail: {
          schemaVersion: 1,
          noticeId,
          processorId: 'prc_acme',
          version: 2,
          closedAt: at(30 * DAY_MS),
          counts: { objected: 0, approved: 0, impliedConsent: 2, notNotified: 0, withdrawn: 0 },
        },
      },
      {
        // The last window closed at the requested time: the version took effect then, once.
        detailType: 'SubprocessorChangeEffective',
        detail: { schemaVersion: 1, processorId: 'prc_acme', version: 2, effectiveAt: at(30 * DAY_MS) },
      },
    ]);
    expect(ports.effects.rows.get('prc_acme#2')).toMatchObject({
      state: 'effective',
      effectiveAt: at(30 * DAY_MS),
      effectiveEventPublished: true,
    });
    expect(ports.recipients.outcomes.size).toBe(2);
  });

  it('records the decision that lands between its read and its write (condition lost), never implied consent', async () => {
    ports.clock.set(at(15 * DAY_MS));
    ports.recipients.before('close', () =>
      ports.recipients.update(noticeId, 'ctr_000', { decision: decision(at(15 * DAY_MS - 1)) }),
    );

    await closeNoticeWindows(noticeId, ports);

    expect(ports.recipients.row(noticeId, 'ctr_000')).toMatchObject({ windowState: 'closed', outcome: 'objected' });
    expect(ports.recipients.outcomes.get(`${noticeId}#ctr_000`)).toMatchObject({
      outcome: 'objected',
      decision: decision(at(15 * DAY_MS - 1)),
    });
    expect(ports.recipients.outcomes.size).toBe(1);
  });

  it('closes a bounced notice as not-notified: silence after a bounce is not consent', async () => {
    ports.recipients.update(noticeId, 'ctr_000', { delivery: 'bounced' });
    ports.recipients.update(noticeId, 'ctr_001', { delivery: 'delivered' });
    ports.clock.set(at(30 * DAY_MS));

    await closeNoticeWindows(noticeId, ports);

    expect(ports.notices.rows.get(noticeId)?.counts).toEqual({
      objected: 0,
      approved: 0,
      impliedConsent: 1,
      notNotified: 1,
      withdrawn: 0,
    });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.outcome).toBe('not-notified');
    expect(ports.recipients.row(noticeId, 'ctr_001')?.outcome).toBe('implied-consent');
  });

  it('re-arms no sooner than 15 minutes ahead, so windows seconds apart cost one pass, not one each', async () => {
    ports.recipients.update(noticeId, 'ctr_001', { closesAt: at(15 * DAY_MS + 60_000) });
    ports.clock.set(at(15 * DAY_MS));

    await closeNoticeWindows(noticeId, ports);

    expect(ports.scheduler.schedules.at(-1)).toEqual({ noticeId, at: at(15 * DAY_MS + CLOSE_RECHECK_MS) });
    expect(ports.scheduler.schedules).toHaveLength(2);
  });

  it('keeps the publication claimed after a failed publish, and a later pass publishes it exactly once', async () => {
    ports.clock.set(at(30 * DAY_MS));
    ports.events.failNext();

    await expect(closeNoticeWindows(noticeId, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.notices.rows.get(noticeId)).toMatchObject({
      state: 'closed',
      closedEventPublished: false,
      closedEventClaimedAt: at(30 * DAY_MS),
    });

    // The claim is live for 5 minutes: a pass meanwhile (the sweep) does not publish a second copy
    // (it publishes the version's effect, which the failed pass never reached)...
    ports.clock.advance(5 * 60_000 - 1);
    await closeNoticeWindows(noticeId, ports);
    expect(ports.events.ofType('ObjectionWindowClosed')).toHaveLength(0);
    expect(ports.events.ofType('SubprocessorChangeEffective')).toHaveLength(1);

    // ...and the retry after the claim went stale publishes it, once.
    ports.clock.advance(2);
    await closeNoticeWindows(noticeId, ports);
    await closeNoticeWindows(noticeId, ports);
    expect(ports.events.ofType('ObjectionWindowClosed')).toHaveLength(1);
    expect(ports.events.ofType('SubprocessorChangeEffective')).toHaveLength(1);
    expect(ports.notices.rows.get(noticeId)?.closedEventPublished).toBe(true);
  });

  it('closes a window whose e-mail never went out as not-notified when the version takes effect, not before', async () => {
    const fresh = inMemoryPorts(T0);
    await contractsOf(fresh, 'prc_quiet', [15]);
    const [, version] = await twoVersions(fresh, 'prc_quiet', 'adds', 20);
    const notice = await openNotice({ processorId: 'prc_quiet', version: version.version }, fresh);
    for (const page of fresh.fanOutPages.take()) await fanOutNoticePage(page, fresh);
    const id = notice?.id as string;
    // The e-mail jobs are never consumed: SES refused them until they dead-lettered.
    expect(fresh.recipients.row(id, 'ctr_000')?.closesAt).toBeUndefined();
    fresh.clock.set(at(15 * DAY_MS));

    // No window runs, but the version was asked for day 20: nothing closes before.
    expect(await closeNoticeWindows(id, fresh)).toBe('open');
    expect(fresh.recipients.row(id, 'ctr_000')).toMatchObject({ windowState: 'pending', delivery: 'queued' });
    expect(fresh.scheduler.schedules.at(-1)).toEqual({ noticeId: id, at: at(20 * DAY_MS) });

    fresh.clock.set(at(20 * DAY_MS));
    expect(await closeNoticeWindows(id, fresh)).toBe('closed');

    expect(fresh.recipients.row(id, 'ctr_000')).toMatchObject({
      delivery: 'queued',
      windowState: 'closed',
      outcome: 'not-notified',
      closedAt: at(20 * DAY_MS),
    });
    expect(fresh.recipients.outcomes.get(`${id}#ctr_000`)).toMatchObject({
      outcome: 'not-notified',
      closesAt: at(20 * DAY_MS),
    });
    expect(fresh.effects.rows.get('prc_quiet#2')).toMatchObject({ state: 'effective', effectiveAt: at(20 * DAY_MS) });
    expect(fresh.events.published.map((e) => e.detailType)).toEqual([
      'ObjectionWindowClosed',
      'SubprocessorChangeEffective',
    ]);
  });

  it('leaves nothing half done when scheduling fails: the windows closed stay closed, and the retry re-arms', async () => {
    ports.clock.set(at(15 * DAY_MS));
    ports.scheduler.failNext();

    await expect(closeNoticeWindows(noticeId, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.recipients.outcomes.size).toBe(1);

    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    expect(ports.recipients.outcomes.size).toBe(1);
    expect(ports.scheduler.schedules.at(-1)).toEqual({ noticeId, at: at(30 * DAY_MS) });
  });

  it('answers not-found for an unknown notice, and publishes nothing for an informational one', async () => {
    expect(await closeNoticeWindows('ntc_unknown_2', ports)).toBe('not-found');

    const informational = inMemoryPorts(T0);
    const { notice } = await aNoticeSent(informational, [15], { processorId: 'prc_info', change: 'edits-address' });
    expect(notice.kind).toBe('informational');
    expect(await closeNoticeWindows(notice.id, informational)).toBe('closed');
    expect(informational.events.published).toEqual([]);
    expect(informational.recipients.row(notice.id, 'ctr_000')).toMatchObject({ windowState: 'none', delivery: 'sent' });
  });

  it('gives up after five lost conditions in a row rather than loop, so the trigger retries later', async () => {
    ports.clock.set(at(15 * DAY_MS));
    for (let i = 0; i < 5; i++) {
      ports.recipients.before('close', () =>
        ports.recipients.update(noticeId, 'ctr_000', { delivery: i % 2 === 0 ? 'delivered' : 'sent' }),
      );
    }

    await expect(closeNoticeWindows(noticeId, ports)).rejects.toThrow(
      `could not close ${noticeId}/ctr_000 after 5 attempts`,
    );
    expect(ports.recipients.outcomes.size).toBe(0);
  });
});
