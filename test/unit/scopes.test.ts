import { beforeEach, describe, expect, it } from 'vitest';
import { fanOutNoticePage } from '../../shared/domain/fan-out-notice.js';
import { diffLists } from '../../shared/domain/list-diff.js';
import { openNotice } from '../../shared/domain/open-notice.js';
import { ScopesSchema } from '../../shared/domain/scope-labels.js';
import { changesForContract, concerns, scopeKey } from '../../shared/domain/scopes.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { SubprocessorEntrySchema } from '../../shared/domain/subprocessor.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aListVersion, emailDependencies, type InMemoryPorts, inMemoryPorts } from '../support/in-memory-ports.js';

const eu = anEntry({ id: 'ovh', scopes: ['eu-datacenter'] });
const usHosting = aUsEntry({
  id: 'aws',
  name: 'Amazon Web Services, Inc.',
  purpose: 'US hosting',
  scopes: ['us-datacenter'],
});
const sentry = aUsEntry({ id: 'sentry' });

describe('scopes', () => {
  it('validates labels: lower case, no repeats, at least one', () => {
    expect(ScopesSchema.safeParse(['eu-datacenter', 'sms']).success).toBe(true);
    expect(ScopesSchema.safeParse(['EU']).error?.issues[0]?.message).toBe(
      'must be a lower-case label of letters, digits and dashes, e.g. eu-datacenter',
    );
    expect(ScopesSchema.safeParse(['sms', 'sms']).error?.issues[0]?.message).toBe('must not repeat a scope');
    expect(ScopesSchema.safeParse([]).success).toBe(false);
    expect(SubprocessorEntrySchema.safeParse({ ...eu, scopes: ['Bad Label'] }).error?.issues[0]?.path).toEqual([
      'scopes',
      0,
    ]);
  });

  it('an entry without scopes concerns every contract; a contract without scopes hears of everything', () => {
    expect(concerns(sentry, { scopes: ['eu-datacenter'] })).toBe(true);
    expect(concerns(eu, {})).toBe(true);
    expect(concerns(eu, { scopes: ['eu-datacenter', 'sms'] })).toBe(true);
    expect(concerns(eu, { scopes: ['us-datacenter'] })).toBe(false);
    expect(scopeKey({ scopes: ['sms', 'eu-datacenter'] })).toBe('eu-datacenter,sms');
    expect(scopeKey({})).toBe('*');
  });

  it('tells each contract only its changes: a US-datacenter addition is nothing for an EU contract', () => {
    const before = [eu, sentry];
    const after = [eu, sentry, usHosting];
    expect(changesForContract(before, after, { scopes: ['eu-datacenter'] })).toMatchObject({
      changes: { added: [], removed: [], changed: [] },
      needsObjectionWindow: false,
    });
    const forUs = changesForContract(before, after, { scopes: ['us-datacenter'] });
    expect(forUs.changes.added.map((a) => a.key)).toEqual(['aws']);
    expect(forUs.needsObjectionWindow).toBe(true);
  });

  it('makes an entry entering a scope an addition for that scope only, and leaving it a removal', () => {
    const widened = { ...eu, scopes: ['eu-datacenter', 'us-datacenter'] };
    const forUs = changesForContract([eu], [widened], { scopes: ['us-datacenter'] });
    expect(forUs.changes.added.map((a) => a.key)).toEqual(['ovh']);
    expect(forUs.needsObjectionWindow).toBe(true);
    // For the EU contract, whom else the entry concerns is no change at all.
    expect(changesForContract([eu], [widened], { scopes: ['eu-datacenter'] }).changes).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
    // The whole list's diff: a wider reach may add the entry for someone, so the version needs a window.
    expect(diffLists([eu], [widened]).changed[0]?.classification).toBe('objection-window');
    expect(diffLists([widened], [eu]).changed[0]?.classification).toBe('informational');
    const leaving = changesForContract([widened], [eu], { scopes: ['us-datacenter'] });
    expect(leaving.changes.removed.map((r) => r.key)).toEqual(['ovh']);
  });
});

describe('a notice told by scope', () => {
  let ports: InMemoryPorts;
  const T0 = '2026-01-05T09:00:00.000Z';
  beforeEach(async () => {
    ports = inMemoryPorts(T0);
    const signed = '2026-01-05T08:00:00.000Z';
    for (const [id, scopes] of [
      ['ctr_eu', ['eu-datacenter']],
      ['ctr_us', ['us-datacenter']],
      ['ctr_all', undefined],
    ] as const) {
      ports.contracts.clientIds.add(`cli_${id}`);
      await ports.contracts.create({
        id,
        processorId: 'prc_acme',
        clientId: `cli_${id}`,
        notifyEmails: [`dpo@${id}.example`],
        noticePeriodDays: 15,
        ...(scopes !== undefined && { scopes: [...scopes] }),
        createdAt: signed,
      });
    }
  });

  async function publishAndFanOut(before: SubprocessorEntry[], after: SubprocessorEntry[]) {
    const first = aListVersion('prc_acme', before, undefined, T0, 15);
    await ports.listVersions.publish(first, undefined);
    const second = aListVersion('prc_acme', after, first, T0, 15);
    await ports.listVersions.publish(second, 1);
    const notice = await openNotice({ processorId: 'prc_acme', version: 2 }, ports);
    for (const page of ports.fanOutPages.take()) await fanOutNoticePage(page, ports);
    for (const job of ports.emailJobs.take()) await sendNoticeEmail(job, emailDependencies(ports));
    return notice?.id as string;
  }

  it('notifies only the contracts a change concerns, each with its own changes', async () => {
    const noticeId = await publishAndFanOut([eu, sentry], [eu, sentry, usHosting]);

    expect([...ports.recipients.rows.values()].map((r) => r.contractId).sort()).toEqual(['ctr_all', 'ctr_us']);
    expect(ports.recipients.row(noticeId, 'ctr_us')?.changes?.map((c) => [c.change, c.name])).toEqual([
      ['added', 'Amazon Web Services, Inc.'],
    ]);
    // A contract without scopes hears of everything: the addition too.
    expect(ports.recipients.row(noticeId, 'ctr_all')?.changes?.map((c) => c.name)).toEqual([
      'Amazon Web Services, Inc.',
    ]);
    expect(ports.notices.rows.get(noticeId)?.byScope).toBe(true);
    expect(ports.mailer.sent.map((e) => e.to[0]).sort()).toEqual(['dpo@ctr_all.example', 'dpo@ctr_us.example']);
  });

  it('gives a window only to a contract one of whose changes needs it; the rest are informed', async () => {
    // The hosting moves to a new address (information) and now serves the US datacenter too.
    const widened = {
      ...eu,
      address: '1 rue du Port, 59100 Roubaix, France',
      scopes: ['eu-datacenter', 'us-datacenter'],
    };
    const noticeId = await publishAndFanOut([eu, sentry], [widened, sentry]);

    // For the US contract the hosting entered its scope: an addition, with a window and a link.
    expect(ports.recipients.row(noticeId, 'ctr_us')).toMatchObject({ windowState: 'open', outcome: 'pending' });
    expect(ports.recipients.row(noticeId, 'ctr_us')?.changes?.map((c) => c.change)).toEqual(['added']);
    // For the EU contract and the one without scopes only the address changed: information, no window, no link.
    expect(ports.recipients.row(noticeId, 'ctr_eu')).toMatchObject({ windowState: 'none', delivery: 'sent' });
    expect(ports.recipients.row(noticeId, 'ctr_eu')?.changes?.map((c) => [c.change, c.changedFields])).toEqual([
      ['changed', ['address']],
    ]);
    expect(ports.recipients.row(noticeId, 'ctr_all')).toMatchObject({ windowState: 'none' });
    const euEmail = ports.mailer.sent.find((e) => e.to[0] === 'dpo@ctr_eu.example');
    expect(euEmail?.text).not.toContain('/objections/');
    const usEmail = ports.mailer.sent.find((e) => e.to[0] === 'dpo@ctr_us.example');
    expect(usEmail?.text).toContain('/objections/');
  });
});
