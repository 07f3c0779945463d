import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/domain/secrets.js';
import { CONFIRMATION_INTERVAL_MS } from '../../shared/domain/subscription.js';
import {
  confirmSubscription,
  subscribe,
  subscriptionByToken,
  unsubscribeByToken,
} from '../../shared/domain/subscription-requests.js';
import { informSubscribers, suppressSubscriberOnDeliveryEvent } from '../../shared/domain/subscription-updates.js';
import type { SesEmailEvent } from '../../shared/events/ses-email-event.js';
import { anEntry } from '../support/builders.js';
import { aListVersion, PUBLIC_BASE_URL, twoVersions } from '../support/in-memory-ports.js';
import { subscriptionPorts } from '../support/in-memory-subscriptions.js';

const T0 = '2026-01-05T09:00:00.000Z';
let ports: ReturnType<typeof subscriptionPorts>;

beforeEach(() => {
  ports = subscriptionPorts(T0);
});

/** The token of the last link sent to `email` ending the path before `suffix`. */
function tokenIn(url: string): string {
  const match = /\/subscriptions\/([^/?]+)/.exec(url);
  if (match?.[1] === undefined) throw new Error(`no token in ${url}`);
  return decodeURIComponent(match[1]);
}

function confirmLinkOf(text: string): string {
  const link = text.split('\n').find((line) => line.startsWith(`${PUBLIC_BASE_URL}/trust/prc_acme/subscriptions/`));
  if (link === undefined) throw new Error('no confirmation link');
  return link;
}

async function subscribed(email: string, language: 'en' | 'fr' = 'en') {
  await subscribe({ processorId: 'prc_acme', email, language }, ports);
  const sent = ports.mailer.sent.at(-1);
  if (sent === undefined) throw new Error('no confirmation sent');
  const token = tokenIn(confirmLinkOf(sent.text));
  expect((await confirmSubscription('prc_acme', token, ports)).kind).toBe('confirmed');
  return token;
}

describe('subscribe (double opt-in)', () => {
  it('stores the address in lower case, pending, with only the hash of the token it e-mails', async () => {
    expect(await subscribe({ processorId: 'prc_acme', email: ' Ana@Example.COM ', language: 'fr' }, ports)).toBe(
      'sent',
    );

    expect(ports.mailer.sent).toHaveLength(1);
    const [email] = ports.mailer.sent;
    expect(email?.to).toEqual(['ana@example.com']);
    expect(email?.subject).toContain('Acme Cloud');
    expect(email?.subject).toMatch(/^Confirmez/);
    const token = tokenIn(confirmLinkOf(email?.text ?? ''));
    expect(token).toMatch(/^sub_[A-Za-z0-9_-]{43}$/);
    const stored = await ports.subscriptions.get('prc_acme', 'ana@example.com');
    expect(stored).toEqual({
      processorId: 'prc_acme',
      email: 'ana@example.com',
      language: 'fr',
      state: 'pending',
      tokenSha256: sha256Hex(token),
      createdAt: T0,
      confirmationSentAt: T0,
    });
    expect(JSON.stringify([...ports.subscriptions.items.values()])).not.toContain(token);
  });

  it('sends at most one confirmation an hour, and a later one supersedes the earlier link', async () => {
    await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports);
    const first = tokenIn(confirmLinkOf(ports.mailer.sent[0]?.text ?? ''));
    ports.clock.advance(CONFIRMATION_INTERVAL_MS - 1);
    expect(await subscribe({ processorId: 'prc_acme', email: 'ANA@example.com', language: 'en' }, ports)).toBe(
      'not-sent',
    );
    expect(ports.mailer.sent).toHaveLength(1);

    ports.clock.advance(2);
    expect(await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports)).toBe('sent');
    expect(ports.mailer.sent).toHaveLength(2);
    expect((await confirmSubscription('prc_acme', first, ports)).kind).toBe('unknown');
    const second = tokenIn(confirmLinkOf(ports.mailer.sent[1]?.text ?? ''));
    expect((await confirmSubscription('prc_acme', second, ports)).kind).toBe('confirmed');
  });

  it('sends nothing and changes nothing for a confirmed or a suppressed address', async () => {
    await subscribed('ana@example.com');
    ports.clock.advance(2 * CONFIRMATION_INTERVAL_MS);
    const before = await ports.subscriptions.get('prc_acme', 'ana@example.com');
    expect(await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'fr' }, ports)).toBe(
      'not-sent',
    );
    expect(await ports.subscriptions.get('prc_acme', 'ana@example.com')).toEqual(before);
    expect(ports.mailer.sent).toHaveLength(1);

    await ports.subscriptions.suppress('prc_acme', 'ana@example.com', T0);
    expect(await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'fr' }, ports)).toBe(
      'not-sent',
    );
    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('gives the claim back when SES fails, so the next request sends at once', async () => {
    ports.mailer.failNext();
    await expect(
      subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports),
    ).rejects.toThrow('SES unavailable');
    expect((await ports.subscriptions.get('prc_acme', 'ana@example.com'))?.confirmationSentAt).toBeUndefined();
    expect(await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports)).toBe('sent');
    expect(ports.mailer.sent).toHaveLength(1);
  });

  it('refuses an unknown processor with a 404', async () => {
    expect.assertions(1);
    await expect(
      subscribe({ processorId: 'prc_nobody', email: 'ana@example.com', language: 'en' }, ports),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('confirmSubscription', () => {
  it('reading the link changes nothing; the button confirms once', async () => {
    await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports);
    const token = tokenIn(confirmLinkOf(ports.mailer.sent[0]?.text ?? ''));
    const view = await subscriptionByToken('prc_acme', token, ports);
    expect(view).toMatchObject({ kind: 'found', purpose: 'confirm', processorName: 'Acme Cloud' });
    expect((await ports.subscriptions.get('prc_acme', 'ana@example.com'))?.state).toBe('pending');

    ports.clock.advance(60_000);
    expect((await confirmSubscription('prc_acme', token, ports)).kind).toBe('confirmed');
    expect(await ports.subscriptions.get('prc_acme', 'ana@example.com')).toMatchObject({
      state: 'confirmed',
      confirmedAt: '2026-01-05T09:01:00.000Z',
    });
    expect((await confirmSubscription('prc_acme', token, ports)).kind).toBe('already-confirmed');
  });

  it('does not take a token of another processor, an unknown one, or an unsubscribe token', async () => {
    await subscribe({ processorId: 'prc_acme', email: 'ana@example.com', language: 'en' }, ports);
    const token = tokenIn(confirmLinkOf(ports.mailer.sent[0]?.text ?? ''));
    expect((await confirmSubscription('prc_other', token, ports)).kind).toBe('unknown');
    expect((await confirmSubscription('prc_acme', 'sub_unknown', ports)).kind).toBe('unknown');
    expect((await unsubscribeByToken('prc_acme', token, ports)).kind).toBe('unknown');
    expect((await ports.subscriptions.get('prc_acme', 'ana@example.com'))?.state).toBe('pending');
  });
});

describe('informSubscribers', () => {
  async function threeSubscribers() {
    await subscribed('ana@example.com', 'en');
    await subscribed('bea@example.com', 'fr');
    await subscribe({ processorId: 'prc_acme', email: 'pending@example.com', language: 'en' }, ports);
    ports.mailer.sent.length = 0;
  }

  it('e-mails each confirmed subscriber once per version, in its language, with both RFC 8058 headers', async () => {
    await threeSubscribers();
    await twoVersions(ports.base, 'prc_acme');

    expect(await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports)).toEqual({
      sent: 2,
      alreadySent: 0,
    });
    expect(ports.mailer.sent.map((e) => e.to[0])).toEqual(['ana@example.com', 'bea@example.com']);
    const [ana, bea] = ports.mailer.sent;
    expect(ana?.subject).toBe('Acme Cloud SAS published version 2 of its sub-processor list');
    expect(bea?.subject).toBe('Acme Cloud SAS a publié la version 2 de sa liste de sous-traitants ultérieurs');
    for (const email of [ana, bea]) {
      const unsubscribe = email?.headers['List-Unsubscribe'] ?? '';
      expect(unsubscribe).toMatch(
        new RegExp(`^<${PUBLIC_BASE_URL}/trust/prc_acme/subscriptions/sub_[A-Za-z0-9_-]{43}/unsubscribe>$`),
      );
      expect(email?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(email?.html).toContain(`href="${unsubscribe.slice(1, -1)}"`);
      expect(email?.text).not.toContain('/objections/');
    }

    expect(await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports)).toEqual({
      sent: 0,
      alreadySent: 2,
    });
    expect(ports.mailer.sent).toHaveLength(2);
  });

  it('informs no one of the baseline', async () => {
    await threeSubscribers();
    await ports.listVersions.publish(aListVersion('prc_acme', [anEntry()], undefined, T0), undefined);
    expect(await informSubscribers({ processorId: 'prc_acme', version: 1 }, ports)).toEqual({
      sent: 0,
      alreadySent: 0,
    });
    expect(ports.mailer.sent).toHaveLength(0);
  });

  it('after a failed send, the retry sends the rest and nobody twice', async () => {
    await threeSubscribers();
    await twoVersions(ports.base, 'prc_acme');
    await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports).catch(() => undefined);
    expect(ports.mailer.sent).toHaveLength(2);
    ports.mailer.sent.length = 0;
    await subscribed('cleo@example.com');
    ports.mailer.sent.length = 0;
    ports.mailer.failNext();
    await expect(informSubscribers({ processorId: 'prc_acme', version: 2 }, ports)).rejects.toThrow('SES unavailable');
    expect(await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports)).toEqual({
      sent: 1,
      alreadySent: 2,
    });
    expect(ports.mailer.sent.map((e) => e.to[0])).toEqual(['cleo@example.com']);
  });

  it('the one-click unsubscribe ends the subscription at once: the next version sends nothing', async () => {
    await subscribed('ana@example.com');
    ports.mailer.sent.length = 0;
    const [first, second] = await twoVersions(ports.base, 'prc_acme');
    await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports);
    const token = tokenIn(ports.mailer.sent[0]?.headers['List-Unsubscribe'] ?? '');

    expect(await unsubscribeByToken('prc_acme', token, ports)).toEqual({
      kind: 'unsubscribed',
      processorName: 'Acme Cloud',
      language: 'en',
    });
    expect((await ports.subscriptions.get('prc_acme', 'ana@example.com'))?.state).toBe('unsubscribed');
    expect((await unsubscribeByToken('prc_acme', token, ports)).kind).toBe('unsubscribed');

    await ports.listVersions.publish(aListVersion('prc_acme', [anEntry()], second, T0), 2);
    expect(first.version).toBe(1);
    expect(await informSubscribers({ processorId: 'prc_acme', version: 3 }, ports)).toEqual({
      sent: 0,
      alreadySent: 0,
    });
    expect(ports.mailer.sent).toHaveLength(1);
    expect(await ports.subscriptions.counts('prc_acme')).toEqual({
      pending: 0,
      confirmed: 0,
      unsubscribed: 1,
      suppressed: 0,
    });
  });
});

describe('suppressSubscriberOnDeliveryEvent', () => {
  const event = (messageId: string, overrides: Partial<SesEmailEvent> = {}): SesEmailEvent => ({
    eventType: 'Bounce',
    mail: { messageId },
    bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'ana@example.com' }] },
    ...overrides,
  });

  it('a permanent bounce or a complaint suppresses the address for that processor; a transient one does not', async () => {
    await subscribed('ana@example.com');
    await subscribed('bea@example.com');
    await twoVersions(ports.base, 'prc_acme');
    await informSubscribers({ processorId: 'prc_acme', version: 2 }, ports);
    const byAddress = (to: string) => ports.mailer.sent.filter((e) => e.to[0] === to).at(-1)?.messageId ?? '';

    expect(
      await suppressSubscriberOnDeliveryEvent(
        event(byAddress('ana@example.com'), { bounce: { bounceType: 'Transient', bouncedRecipients: [] } }),
        ports,
      ),
    ).toBe('ignored');
    expect(await suppressSubscriberOnDeliveryEvent(event(byAddress('ana@example.com')), ports)).toBe('suppressed');
    expect(await suppressSubscriberOnDeliveryEvent(event(byAddress('ana@example.com')), ports)).toBe(
      'already-suppressed',
    );
    expect(
      await suppressSubscriberOnDeliveryEvent(
        { eventType: 'Complaint', mail: { messageId: byAddress('bea@example.com') } },
        ports,
      ),
    ).toBe('suppressed');
    expect(await suppressSubscriberOnDeliveryEvent(event('ses-of-a-notice'), ports)).toBe('not-ours');
    expect(await ports.subscriptions.counts('prc_acme')).toEqual({
      pending: 0,
      confirmed: 0,
      unsubscribed: 0,
      suppressed: 2,
    });
  });

  it('a bounce of the confirmation e-mail suppresses the pending address', async () => {
    await subscribe({ processorId: 'prc_acme', email: 'typo@example.com', language: 'en' }, ports);
    const messageId = ports.mailer.sent[0]?.messageId ?? '';
    expect(await suppressSubscriberOnDeliveryEvent(event(messageId), ports)).toBe('suppressed');
    expect((await ports.subscriptions.get('prc_acme', 'typo@example.com'))?.state).toBe('suppressed');
  });
});
