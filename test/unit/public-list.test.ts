import { XMLParser } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { publicListOf } from '../../shared/domain/public-list.js';
import { withdrawPendingChange } from '../../shared/domain/withdraw-pending-change.js';
import { subprocessorsAtomFeed } from '../../shared/views/subprocessors-feed.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aListVersion, type InMemoryPorts, InMemoryProcessorStore, inMemoryPorts } from '../support/in-memory-ports.js';

const T0 = '2026-01-05T09:00:00.000Z';
let ports: InMemoryPorts;
let processors: InMemoryProcessorStore;

beforeEach(async () => {
  ports = inMemoryPorts(T0);
  processors = new InMemoryProcessorStore();
  processors.rows.set('prc_acme', { id: 'prc_acme', name: 'Acme Cloud SAS', createdAt: T0, currentVersion: 2 });
  const v1 = aListVersion('prc_acme', [anEntry()], undefined, T0, 0);
  await ports.listVersions.publish(v1, undefined);
  await ports.listVersions.publish(aListVersion('prc_acme', [anEntry(), aUsEntry()], v1, T0, 30), 1);
});

const deps = () => ({ ...ports, processors });

describe('publicListOf', () => {
  it('shows the baseline in force and the change waiting for its windows as pending, with its list', async () => {
    const list = await publicListOf('prc_acme', deps());
    expect(list.inForce).toMatchObject({ version: 1, effectiveState: 'effective' });
    expect(list.inForce?.subprocessors).toHaveLength(1);
    expect(list.pending.map((v) => [v.version, v.effectiveState, v.subprocessors.length])).toEqual([
      [2, 'scheduled', 2],
    ]);
    expect(list.history.map((v) => v.version)).toEqual([2, 1]);
  });

  it('keeps a withdrawn change out of the pending ones: the withdrawal version is in force', async () => {
    processors.rows.set('prc_acme', { id: 'prc_acme', name: 'Acme Cloud SAS', createdAt: T0, currentVersion: 2 });
    await withdrawPendingChange(
      { processorId: 'prc_acme', version: 2, ifMatch: 2 },
      {
        ...ports,
        processors: {
          getWithVersion: async (id, version) => ({
            processor: { id, name: 'Acme Cloud SAS', createdAt: T0, currentVersion: 2 },
            version: version === undefined ? undefined : await ports.listVersions.get(id, version),
          }),
        },
      },
    );

    const list = await publicListOf('prc_acme', deps());

    expect(list.inForce).toMatchObject({ version: 3, withdraws: 2, effectiveState: 'effective' });
    expect(list.pending).toEqual([]);
    expect(list.history.map((v) => [v.version, v.effectiveState])).toEqual([
      [3, 'effective'],
      [2, 'withdrawn'],
      [1, 'effective'],
    ]);
    const feed = subprocessorsAtomFeed(
      list,
      { self: 'https://r.example/f', page: 'https://r.example/p', json: 'https://r.example/j' },
      'en',
    );
    expect(feed).toContain('Withdrawn by the processor: it never took effect.');
    expect(feed).toContain('Withdraws version 2 before it took effect');
  });

  it('escapes what a vendor typed in the feed', async () => {
    const v2 = await ports.listVersions.get('prc_acme', 2);
    if (v2 === undefined) throw new Error('version 2 expected');
    const evil = aUsEntry({ id: 'evil', name: 'Evil <script>alert(1)</script> ]]> Inc.' });
    await ports.listVersions.publish(aListVersion('prc_acme', [...v2.subprocessors, evil], v2, T0, 30), 2);
    const feed = subprocessorsAtomFeed(
      await publicListOf('prc_acme', deps()),
      { self: 'https://r.example/f', page: 'https://r.example/p', json: 'https://r.example/j' },
      'en',
    );
    expect(feed).not.toContain('<script>');
    // Read as a feed reader does: the content is HTML in which the vendor's text is still only text.
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(feed);
    const content = parsed.feed.entry[0].content['#text'] as string;
    expect(content).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; Inc.');
    expect(content).not.toContain('<script>');
  });
});
