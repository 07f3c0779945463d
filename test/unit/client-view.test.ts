import { beforeEach, describe, expect, it } from 'vitest';
import { listClientNotices } from '../../shared/domain/client-notices.js';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.js';
import { recordDecision, recordDecisionThroughApi } from '../../shared/domain/record-decision.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { aNoticeSent, type InMemoryPorts, inMemoryPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const CLIENT_0 = 'cli_prc_acme_0';
const CLIENT_1 = 'cli_prc_acme_1';

let ports: InMemoryPorts;
let noticeId: string;
let tokens: Map<string, string>;

function setConfirmation(contractId: string, confirmation: 'pending' | 'disputed' | 'confirmed') {
  const row = ports.contracts.rows.get(`prc_acme#${contractId}`);
  if (row === undefined) throw new Error(`no contract ${contractId}`);
  row.confirmation = confirmation;
}

beforeEach(async () => {
  ports = inMemoryPorts(T0);
  // ctr_000 (client 0, 15 days) and ctr_001 (client 1, 30 days), both confirmed, both e-mailed at T0.
  const sent = await aNoticeSent(ports, [15, 30]);
  noticeId = sent.notice.id;
  tokens = sent.tokens;
  ports.clock.set(at(DAY_MS));
});

describe('listClientNotices', () => {
  it("shows the client its notice: processor, changes, delivery, deadline, no decision yet; nobody else's", async () => {
    const page = await listClientNotices(CLIENT_0, { open: false, limit: 10 }, ports);

    expect(page.nextCursor).toBeUndefined();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      noticeId,
      contractId: 'ctr_000',
      processor: { id: 'prc_acme', name: 'Acme Cloud SAS' },
      version: 2,
      kind: 'objection-window',
      state: 'open',
      delivery: 'sent',
      sentAt: T0,
      windowState: 'open',
      closesAt: at(15 * DAY_MS),
      decision: null,
      outcome: 'pending',
    });
    expect(page.items[0]?.changes.map((row) => row.change)).toEqual(['added']);
  });

  it('leaves out a notice reaching the client through a pending or disputed contract, though it was e-mailed', async () => {
    setConfirmation('ctr_001', 'disputed');
    setConfirmation('ctr_000', 'pending');

    expect((await listClientNotices(CLIENT_1, { open: false, limit: 10 }, ports)).items).toEqual([]);
    expect((await listClientNotices(CLIENT_0, { open: false, limit: 10 }, ports)).items).toEqual([]);
    expect(ports.mailer.sent.map((email) => email.to)).toEqual([['dpo0@client0.example'], ['dpo1@client1.example']]);
  });

  it('with open=true keeps only windows still open before their deadline', async () => {
    ports.clock.set(at(20 * DAY_MS));

    const open0 = await listClientNotices(CLIENT_0, { open: true, limit: 10 }, ports);
    const open1 = await listClientNotices(CLIENT_1, { open: true, limit: 10 }, ports);

    expect(open0.items).toEqual([]);
    expect(open1.items.map((item) => [item.noticeId, item.closesAt])).toEqual([[noticeId, at(30 * DAY_MS)]]);
  });
});

describe('recordDecisionThroughApi', () => {
  it('records the decision with the channel and the client, instead of IP and user agent', async () => {
    const result = await recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object', grounds: 'US' }, {}, ports);

    const stored = {
      decision: 'object',
      grounds: 'US',
      at: at(DAY_MS),
      channel: 'api',
      principal: { type: 'client', id: CLIENT_0 },
    };
    expect(result).toEqual({ noticeId, contractId: 'ctr_000', decision: stored, recordedNow: true });
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual(stored);
    expect(ports.recipients.row(noticeId, 'ctr_001')?.decision).toBeUndefined();
    const listed = await listClientNotices(CLIENT_0, { open: false, limit: 10 }, ports);
    expect(listed.items[0]?.decision).toEqual({ decision: 'object', grounds: 'US', at: at(DAY_MS), channel: 'api' });
  });

  it('answers a retried identical call as recorded (200), and another decision with 409; one decision stays', async () => {
    await recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object', grounds: 'US' }, {}, ports);
    ports.clock.advance(1_000);

    const again = await recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object', grounds: 'US' }, {}, ports);
    const other = recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'approve' }, {}, ports);

    expect(again.recordedNow).toBe(false);
    expect(again.decision.at).toBe(at(DAY_MS));
    await expect(other).rejects.toThrow(
      new ConflictError(`a decision is recorded already for notice ${noticeId}: object at ${at(DAY_MS)}`),
    );
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision?.decision).toBe('object');
  });

  it('loses to a form decision committed first (condition lost): 409, exactly the form decision stored', async () => {
    const token = tokens.get('ctr_000') as string;
    ports.recipients.before('recordDecision', async () => {
      await recordDecision(token, { decision: 'approve', ip: '192.0.2.7', userAgent: 'Firefox' }, ports);
    });

    await expect(
      recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object' }, {}, ports),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toEqual({
      decision: 'approve',
      at: at(DAY_MS),
      ip: '192.0.2.7',
      userAgent: 'Firefox',
    });
  });

  it('makes a later form submission answer the API decision, recording nothing new', async () => {
    await recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object' }, {}, ports);
    const token = tokens.get('ctr_000') as string;

    const form = await recordDecision(token, { decision: 'approve', ip: '192.0.2.7', userAgent: 'Firefox' }, ports);

    expect(form).toMatchObject({ kind: 'decided', decision: { decision: 'object', channel: 'api' } });
    expect(form.recordedNow).toBeUndefined();
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision?.decision).toBe('object');
  });

  it('refuses at and after the deadline with 409, and records nothing', async () => {
    ports.clock.set(at(15 * DAY_MS));
    await expect(recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object' }, {}, ports)).rejects.toThrow(
      new ConflictError(`the objection window of notice ${noticeId} is closed`),
    );
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toBeUndefined();
  });

  it('refuses a decision on an informational notice with 409 saying there is nothing to decide', async () => {
    const informational = inMemoryPorts(T0);
    const sent = await aNoticeSent(informational, [15], { processorId: 'prc_info', change: 'edits-address' });

    await expect(
      recordDecisionThroughApi('cli_prc_info_0', sent.notice.id, { decision: 'object' }, {}, informational),
    ).rejects.toThrow(
      new ConflictError(
        `notice ${sent.notice.id} is informational: it has no objection window, there is nothing to decide`,
      ),
    );
    expect(informational.recipients.row(sent.notice.id, 'ctr_000')?.decision).toBeUndefined();
  });

  it('answers 404 alike for an unknown notice, a pending or disputed contract, and a client not on the notice', async () => {
    setConfirmation('ctr_001', 'disputed');
    const answers = await Promise.all([
      recordDecisionThroughApi(CLIENT_0, 'ntc_nothing', { decision: 'object' }, {}, ports).catch((e) => e),
      recordDecisionThroughApi(CLIENT_1, noticeId, { decision: 'object' }, {}, ports).catch((e) => e),
      recordDecisionThroughApi('cli_other', noticeId, { decision: 'object' }, {}, ports).catch((e) => e),
    ]);
    setConfirmation('ctr_000', 'pending');
    answers.push(await recordDecisionThroughApi(CLIENT_0, noticeId, { decision: 'object' }, {}, ports).catch((e) => e));

    for (const answer of answers) expect(answer).toBeInstanceOf(NotFoundError);
    expect(ports.recipients.row(noticeId, 'ctr_000')?.decision).toBeUndefined();
    expect(ports.recipients.row(noticeId, 'ctr_001')?.decision).toBeUndefined();
  });
});
