import { beforeEach, describe, expect, it } from 'vitest';
import { alertVendorOfObjection } from '../../shared/domain/alert-vendor-of-objection.js';
import { recordDecision } from '../../shared/domain/record-decision.js';
import { resendNotice } from '../../shared/domain/resend-notice.js';
import { sendDecisionConfirmation } from '../../shared/domain/send-decision-confirmation.js';
import { sendDueReminders } from '../../shared/domain/send-due-reminders.js';
import { sendNoticeEmail } from '../../shared/domain/send-notice-email.js';
import { DAY_MS } from '../../shared/domain/time.js';
import { updateContract } from '../../shared/domain/update-contract.js';
import { sendWithdrawalEmail, withdrawNotice } from '../../shared/domain/withdraw-notice.js';
import { aNoticeSent, emailDependencies, type ReminderPorts, reminderPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const CONTACT = 'privacy@acme.example';

let ports: ReminderPorts;
let noticeId: string;
let tokens: Map<string, string>;
const sentTo = (contractId: string, kind?: string) =>
  ports.mailer.sent.filter((e) => e.tags.contractId === contractId && e.tags.kind === kind);

/** ctr_000 reads French, ctr_001 English, ctr_002 was stored before languages existed. */
beforeEach(async () => {
  ports = reminderPorts(T0);
  ports.processors.add({ id: 'prc_acme', name: 'Acme Cloud SAS', contactEmail: CONTACT, createdAt: T0 });
  for (const index of [0, 1, 2])
    ports.clients.add({ id: `cli_prc_acme_${index}`, name: `Client ${index}`, createdAt: T0 });
  const sent = await aNoticeSent(ports, [15, 15, 15], { languages: ['fr', 'en', undefined] });
  noticeId = sent.notice.id;
  tokens = sent.tokens;
});

async function decide(contractId: string) {
  const token = tokens.get(contractId);
  if (token === undefined) throw new Error(`no token for ${contractId}`);
  await recordDecision(token, { decision: 'object', grounds: 'Non', ip: '192.0.2.7', userAgent: 'Firefox' }, ports);
}

describe('each client reads its contract’s language', () => {
  it('copies the language onto each recipient at fan-out and writes the notice e-mail in it', async () => {
    expect((await ports.recipients.get(noticeId, 'ctr_000'))?.language).toBe('fr');
    expect((await ports.recipients.get(noticeId, 'ctr_001'))?.language).toBe('en');
    expect((await ports.recipients.get(noticeId, 'ctr_002'))?.language).toBeUndefined();

    const subjects = ['ctr_000', 'ctr_001', 'ctr_002'].map((id) => sentTo(id).map((e) => e.subject));
    expect(subjects).toEqual([
      [expect.stringMatching(/^Acme Cloud SAS : modification des sous-traitants ultérieurs — vous pouvez/)],
      [expect.stringMatching(/^Acme Cloud SAS: change of sub-processors — you may object until/)],
      [expect.stringMatching(/^Acme Cloud SAS: change of sub-processors — you may object until/)],
    ]);
    expect(sentTo('ctr_000')[0]?.html).toContain('<html lang="fr">');
  });

  it('writes the reminder, the confirmation and the withdrawal in the recipient’s language', async () => {
    ports.clock.set(at(10 * DAY_MS));
    expect(await sendDueReminders(ports)).toEqual({ notices: 1, sent: 3 });
    expect(sentTo('ctr_000', 'reminder').map((e) => e.subject)).toEqual([expect.stringMatching(/^Rappel : /)]);
    expect(sentTo('ctr_001', 'reminder').map((e) => e.subject)).toEqual([expect.stringMatching(/^Reminder: /)]);

    await decide('ctr_000');
    expect(await sendDecisionConfirmation({ noticeId, contractId: 'ctr_000' }, ports)).toBe('sent');
    expect(sentTo('ctr_000', 'confirmation').map((e) => e.subject)).toEqual([
      'Acme Cloud SAS : votre organisation s’est opposée à la modification des sous-traitants ultérieurs',
    ]);

    await withdrawNotice({ processorId: 'prc_acme', version: 3, withdraws: 2 }, ports);
    for (const contractId of ['ctr_000', 'ctr_001']) {
      await sendWithdrawalEmail({ noticeId, contractId }, ports);
    }
    expect(sentTo('ctr_000', 'change-withdrawn').map((e) => e.subject)).toEqual([
      'Acme Cloud SAS : la modification des sous-traitants ultérieurs qui vous a été notifiée est retirée — rien à faire',
    ]);
    expect(sentTo('ctr_001', 'change-withdrawn').map((e) => e.subject)).toEqual([
      'Acme Cloud SAS: the change of sub-processors you were told of is withdrawn — nothing to do',
    ]);
  });

  it('resends in the contract’s language of now, as it resends to its addresses of now', async () => {
    await ports.recipients.recordDeliveryEvent(
      noticeId,
      'ctr_001',
      { type: 'Bounce', at: T0, recipient: 'x', detail: 'Permanent' },
      'bounced',
    );
    await updateContract('prc_acme', 'ctr_001', { language: 'fr', notifyEmails: ['dpo@fixed.example'] }, ports);

    expect(await resendNotice(noticeId, 'prc_acme', undefined, ports)).toMatchObject({ resent: ['ctr_001'] });
    for (const job of ports.emailJobs.take()) await sendNoticeEmail(job, emailDependencies(ports));

    expect((await ports.recipients.get(noticeId, 'ctr_001'))?.language).toBe('fr');
    expect(sentTo('ctr_001').map((e) => e.subject)).toEqual([
      expect.stringMatching(/^Acme Cloud SAS: change of sub-processors/),
      expect.stringMatching(/^Acme Cloud SAS : modification des sous-traitants ultérieurs/),
    ]);
  });
});

describe('the vendor reads its own defaultLanguage', () => {
  it('alerts in English by default, and in French once the profile says so', async () => {
    await decide('ctr_000');
    await decide('ctr_001');
    expect(await alertVendorOfObjection({ noticeId, contractId: 'ctr_000' }, ports)).toBe('sent');
    await ports.processors.updateProfile('prc_acme', { defaultLanguage: 'fr' }, T0);
    expect(await alertVendorOfObjection({ noticeId, contractId: 'ctr_001' }, ports)).toBe('sent');

    const alerts = ports.mailer.sent.filter((e) => e.tags.kind === 'vendor-objection');
    expect(alerts.map((e) => e.subject)).toEqual([
      'Client 0 objects to your change of sub-processors (list version 2)',
      'Client 1 s’oppose à votre modification des sous-traitants ultérieurs (version 2 de la liste)',
    ]);
  });
});
