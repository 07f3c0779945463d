import { beforeEach, describe, expect, it } from 'vitest';
import { closeNoticeWindows } from '../../shared/domain/close-notice-windows.js';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { resendNotice } from '../../shared/domain/resend-notice.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { projectTransfers } from '../../shared/domain/transfers.js';
import { effectiveTimeOf } from '../../shared/domain/version-effect.js';
import { anEntry } from '../support/builders.js';
import {
  aListVersion,
  contractsOf,
  emailDependencies,
  type InMemoryPorts,
  inMemoryPorts,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const MINUTE = 60_000;

let ports: InMemoryPorts;
let noticeId: string;

/** Contracts of 15 and 30 days; a version asked for publication + 30 days; notice opened and fanned out, nothing sent. */
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  await contractsOf(ports, 'prc_acme', [15, 30]);
  const [first, second] = await twoVersions(ports, 'prc_acme', 'adds', 30);
  // The transfer rows as the stream's projection leaves them: version 2 waits for its windows.
  await ports.transfers.apply(projectTransfers(projectTransfers([], first), second));
  noticeId = (await openNotice({ processorId: 'prc_acme', version: 2 }, ports))?.id as string;
  for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);
});

const sendAll = async () => {
  for (const job of ports.emailJobs.take()) await sendNoticeEmail(job, emailDependencies(ports));
};
const effect = () => ports.effects.rows.get('prc_acme#2');
const effectiveEvents = () => ports.events.ofType('SubprocessorChangeEffective');

describe('a version takes effect only after every window', () => {
  it('moves the projection with a send that closes after the requested time, and takes effect then, once', async () => {
    // The e-mails go out 2 hours late (a paced queue): the 30-day window closes after the requested time.
    ports.clock.set(at(2 * 60 * MINUTE));
    await sendAll();
    const lastClose = at(30 * DAY_MS + 2 * 60 * MINUTE);
    expect(effect()).toMatchObject({
      state: 'scheduled',
      effectiveAt: lastClose,
      requestedEffectiveAt: at(30 * DAY_MS),
    });

    // At the requested time the 30-day window is still open: nothing takes effect.
    ports.clock.set(at(30 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    expect(effect()?.state).toBe('scheduled');
    expect(ports.scheduler.schedules.at(-1)).toEqual({ noticeId, at: lastClose });
    expect(effectiveEvents()).toEqual([]);

    // At the last close, twice at once and once more: one effect, one event, at the last close.
    ports.clock.set(lastClose);
    expect(await Promise.all([closeNoticeWindows(noticeId, ports), closeNoticeWindows(noticeId, ports)])).toEqual([
      'closed',
      'closed',
    ]);
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(effect()).toMatchObject({ state: 'effective', effectiveAt: lastClose, effectiveEventPublished: true });
    expect(effectiveEvents()).toEqual([
      { schemaVersion: 1, processorId: 'prc_acme', version: 2, effectiveAt: lastClose },
    ]);
    // Never before any window: every recorded deadline is at or before the effect.
    const deadlines = [...ports.recipients.rows.values()].map((r) => r.closesAt as string);
    expect(deadlines.every((closesAt) => closesAt <= lastClose)).toBe(true);
  });

  it('writes the projection only for deadlines past the requested time', async () => {
    await sendAll();
    // Both deadlines (T0 + 15 and T0 + 30 days) are at or before the requested time: no item, no write.
    expect(effect()).toBeUndefined();
    const v2 = await ports.listVersions.get('prc_acme', 2);
    if (v2 === undefined) throw new Error('version 2 expected');
    expect(effectiveTimeOf(v2, effect(), ports.clock.now())).toEqual({
      effectiveState: 'scheduled',
      effectiveAt: at(30 * DAY_MS),
      requestedEffectiveAt: at(30 * DAY_MS),
    });
  });

  it('does not wait for an e-mail that never went out: it closes not-notified at the effect', async () => {
    const [first, second] = ports.emailJobs.take();
    if (first === undefined || second === undefined) throw new Error('two jobs expected');
    // Only the 15-day contract's e-mail goes out; the other job is lost.
    await sendNoticeEmail(first, emailDependencies(ports));
    ports.clock.set(at(30 * DAY_MS));

    // The schedule and the sweep at once: the other pass closes the unsent window first; this one,
    // which closes the notice, still counts it.
    ports.recipients.before('closeUnsent', () =>
      ports.recipients.update(noticeId, 'ctr_001', { windowState: 'closed', outcome: 'not-notified' }),
    );
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');

    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ windowState: 'closed', outcome: 'not-notified' });
    expect(ports.notices.rows.get(noticeId)?.counts).toEqual({
      objected: 0,
      approved: 0,
      impliedConsent: 1,
      notNotified: 1,
      withdrawn: 0,
    });
    expect(effect()).toMatchObject({ state: 'effective', effectiveAt: at(30 * DAY_MS) });
    // The lost job runs late: its window cannot open after the effect, nothing is sent.
    expect(await sendNoticeEmail(second, emailDependencies(ports))).toBe('already-handled');
    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('waits for a send in flight at the effect time, then for the window it opens', async () => {
    const [first, second] = ports.emailJobs.take();
    if (first === undefined || second === undefined) throw new Error('two jobs expected');
    await sendNoticeEmail(first, emailDependencies(ports));
    ports.clock.set(at(30 * DAY_MS));
    // The 30-day contract's send claims its recipient right before the close pass reads it.
    ports.recipients.update(noticeId, 'ctr_001', { delivery: 'sending', claimId: 'live', claimedAt: at(30 * DAY_MS) });

    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    expect(effect()).toBeUndefined();
    expect(ports.scheduler.schedules.at(-1)).toEqual({ noticeId, at: at(30 * DAY_MS + MINUTE) });

    // The claim dies (its sender crashed) and the job comes back: the e-mail goes out, a new window opens.
    ports.clock.set(at(30 * DAY_MS + 6 * MINUTE));
    expect(await sendNoticeEmail(second, emailDependencies(ports))).toBe('sent');
    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    const newClose = at(60 * DAY_MS + 6 * MINUTE);
    expect(effect()).toMatchObject({ state: 'scheduled', effectiveAt: newClose });

    ports.clock.set(newClose);
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(effect()).toMatchObject({ state: 'effective', effectiveAt: newClose });
  });

  it('lets a send that claims the window between the read and the close win: the effect waits', async () => {
    const [first, second] = ports.emailJobs.take();
    if (first === undefined || second === undefined) throw new Error('two jobs expected');
    await sendNoticeEmail(first, emailDependencies(ports));
    ports.clock.set(at(30 * DAY_MS));
    ports.recipients.before('closeUnsent', () =>
      ports.recipients.update(noticeId, 'ctr_001', {
        delivery: 'sending',
        claimId: 'late',
        claimedAt: at(30 * DAY_MS),
      }),
    );

    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');

    expect(ports.recipients.row(noticeId, 'ctr_001')).toMatchObject({ windowState: 'pending', delivery: 'sending' });
    expect(effect()).toBeUndefined();
    expect(effectiveEvents()).toEqual([]);
  });

  it('moves the effective time with a resend before the effect, and keeps every deadline before it', async () => {
    await sendAll();
    ports.clock.set(at(10 * DAY_MS));
    const result = await resendNotice(noticeId, 'prc_acme', ['ctr_001'], ports);
    expect(result.resent).toEqual(['ctr_001']);
    await sendAll();
    const resentClose = at(40 * DAY_MS);
    expect(ports.recipients.row(noticeId, 'ctr_001')?.closesAt).toBe(resentClose);
    expect(effect()).toMatchObject({ state: 'scheduled', effectiveAt: resentClose });

    ports.clock.set(at(30 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    ports.clock.set(resentClose);
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(effectiveEvents()).toEqual([
      { schemaVersion: 1, processorId: 'prc_acme', version: 2, effectiveAt: resentClose },
    ]);
  });

  it('switches the transfer rows at the effect: final dates, no version left to wait for', async () => {
    ports.clock.set(at(MINUTE));
    await sendAll();
    const [before] = await ports.transfers
      .forProcessor('prc_acme')
      .then((rows) => rows.filter((r) => r.changedInVersion === 2));
    expect(before?.scheduledVersions).toEqual([2]);

    ports.clock.set(at(30 * DAY_MS + MINUTE));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');

    const after = (await ports.transfers.forProcessor('prc_acme')).find((r) => r.changedInVersion === 2);
    expect(after?.scheduledVersions).toBeUndefined();
    expect(after?.sinceEffectiveAt).toBe(at(30 * DAY_MS + MINUTE));
    expect(after?.changedEffectiveAt).toBe(at(30 * DAY_MS + MINUTE));
  });

  it('makes a later version wait for the earlier one to take effect', async () => {
    const v2 = await ports.listVersions.get('prc_acme', 2);
    if (v2 === undefined) throw new Error('version 2 expected');
    // Version 3, asked for + 15 days, is published the same day; its e-mails go out at once...
    const v3 = aListVersion('prc_acme', [...v2.subprocessors, anEntry({ id: 'third', name: 'Third SAS' })], v2, T0, 30);
    await ports.listVersions.publish(v3, 2);
    const notice3 = (await openNotice({ processorId: 'prc_acme', version: 3 }, ports))?.id as string;
    for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);
    const jobs = ports.emailJobs.take();
    for (const job of jobs.filter((j) => j.noticeId === notice3)) await sendNoticeEmail(job, emailDependencies(ports));
    // ...while version 2's go out five days late (SES was down).
    ports.clock.set(at(5 * DAY_MS));
    for (const job of jobs.filter((j) => j.noticeId === noticeId)) await sendNoticeEmail(job, emailDependencies(ports));

    // Day 31: every window of version 3 is closed, but version 2 (day 35) is not in force yet.
    ports.clock.set(at(31 * DAY_MS));
    expect(await closeNoticeWindows(notice3, ports)).toBe('open');
    expect(await closeNoticeWindows(noticeId, ports)).toBe('open');
    expect(ports.effects.rows.get('prc_acme#3')).toBeUndefined();

    ports.clock.set(at(35 * DAY_MS));
    expect(await closeNoticeWindows(noticeId, ports)).toBe('closed');
    expect(await closeNoticeWindows(notice3, ports)).toBe('closed');
    expect(ports.effects.rows.get('prc_acme#2')).toMatchObject({ state: 'effective', effectiveAt: at(35 * DAY_MS) });
    // In force from the earlier version's effect, not from its own last close (day 30).
    expect(ports.effects.rows.get('prc_acme#3')).toMatchObject({ state: 'effective', effectiveAt: at(35 * DAY_MS) });
  });
});
