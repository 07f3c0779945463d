import { beforeEach, describe, expect, it } from 'vitest';
import { openNotice } from '../../shared/domain/open-notice.js';
import {
  contractsOf,
  drainQueues,
  type InMemoryPorts,
  inMemoryPorts,
  TransientProviderError,
  twoVersions,
} from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';

let ports: InMemoryPorts;
beforeEach(async () => {
  ports = inMemoryPorts(T0);
  await contractsOf(ports, 'prc_acme', [15, 30]);
});

describe('openNotice', () => {
  it('opens the notice of a version that needs a window, with its changes table, and starts the fan-out', async () => {
    const [, version] = await twoVersions(ports, 'prc_acme');

    const notice = await openNotice({ processorId: 'prc_acme', version: 2 }, ports);

    expect(notice).toMatchObject({
      id: 'ntc_acme_2',
      processorId: 'prc_acme',
      processorName: 'Acme Cloud SAS',
      version: 2,
      kind: 'objection-window',
      publishedAt: version.publishedAt,
      effectiveAt: version.effectiveAt,
      openedAt: T0,
      state: 'open',
    });
    expect(ports.notices.rows.get('ntc_acme_2')?.fanOutStartedAt).toBe(T0);
    expect(notice?.changes).toEqual([
      {
        change: 'added',
        name: 'Functional Software, Inc. (Sentry)',
        path: ['Functional Software, Inc. (Sentry)'],
        address: '45 Fremont Street, San Francisco, CA 94105, USA',
        country: 'United States of America (US)',
        purpose: 'Error monitoring',
        safeguard: 'Adequacy decision, Art. 45 (EU-US Data Privacy Framework)',
        needsObjectionWindow: true,
        // The terms behind the two English texts, for a reader of another language.
        countryCode: 'US',
        safeguardTerms: { type: 'adequacy', dpfCertified: true },
      },
    ]);
    expect(ports.notices.rows.size).toBe(1);
    expect(ports.fanOutPages.messages).toEqual([{ noticeId: 'ntc_acme_2' }]);
  });

  it('opens once and starts the fan-out once when the event is delivered twice', async () => {
    await twoVersions(ports, 'prc_acme');

    const first = await openNotice({ processorId: 'prc_acme', version: 2 }, ports);
    ports.clock.advance(60_000);
    const second = await openNotice({ processorId: 'prc_acme', version: 2 }, ports);

    // The second delivery answers the stored notice: same id, same opening time, fan-out already started.
    expect(second).toEqual({ ...first, fanOutStartedAt: T0 });
    expect(ports.notices.rows.size).toBe(1);
    expect(ports.fanOutPages.messages).toEqual([{ noticeId: 'ntc_acme_2' }]);
  });

  it('starts the fan-out again after a crash before "started" was recorded, and the clients still get one e-mail each', async () => {
    await twoVersions(ports, 'prc_acme');
    ports.notices.before('markFanOutStarted', () => {
      throw new TransientProviderError('Lambda timed out');
    });

    await expect(openNotice({ processorId: 'prc_acme', version: 2 }, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.notices.rows.get('ntc_acme_2')?.fanOutStartedAt).toBeUndefined();
    await openNotice({ processorId: 'prc_acme', version: 2 }, ports);

    expect(ports.fanOutPages.messages).toHaveLength(2);
    expect(ports.notices.rows.get('ntc_acme_2')?.fanOutStartedAt).toBe(T0);
    await drainQueues(ports);
    expect(ports.recipients.rows.size).toBe(2);
    expect(ports.mailer.sent.map((e) => e.tags.contractId)).toEqual(['ctr_000', 'ctr_001']);
  });

  it('records "started" only once the first page is queued: a refused page is retried, not forgotten', async () => {
    await twoVersions(ports, 'prc_acme');
    ports.fanOutPages.failNext();

    await expect(openNotice({ processorId: 'prc_acme', version: 2 }, ports)).rejects.toThrow(TransientProviderError);
    expect(ports.notices.rows.get('ntc_acme_2')?.fanOutStartedAt).toBeUndefined();
    await openNotice({ processorId: 'prc_acme', version: 2 }, ports);

    expect(ports.fanOutPages.messages).toEqual([{ noticeId: 'ntc_acme_2' }]);
  });

  it('opens an informational notice closed (nothing to decide), and still tells every client', async () => {
    await twoVersions(ports, 'prc_acme', 'edits-address');

    const notice = await openNotice({ processorId: 'prc_acme', version: 2 }, ports);

    expect(notice).toMatchObject({ kind: 'informational', state: 'closed' });
    expect(notice?.changes.map((c) => [c.change, c.needsObjectionWindow])).toEqual([['changed', false]]);
    expect(ports.fanOutPages.messages).toEqual([{ noticeId: 'ntc_acme_2' }]);
  });

  it('opens nothing for the baseline or an unknown version', async () => {
    await twoVersions(ports, 'prc_acme');

    expect(await openNotice({ processorId: 'prc_acme', version: 1 }, ports)).toBeUndefined();
    expect(await openNotice({ processorId: 'prc_acme', version: 3 }, ports)).toBeUndefined();

    expect(ports.notices.rows.size).toBe(0);
    expect(ports.fanOutPages.messages).toEqual([]);
  });
});
