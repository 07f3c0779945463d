import { describe, expect, it } from 'vitest';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import { projectTransfers, type TransferRow, viewTransfer } from '../../shared/domain/transfers.js';
import { anEntry, aUsEntry } from '../support/builders.js';
import { aListVersion } from '../support/in-memory-ports.js';

const V1_AT = '2026-01-05T09:00:00.000Z';
const V2_AT = '2026-02-01T09:00:00.000Z';
const WITHDRAWN_AT = '2026-02-03T09:00:00.000Z';
const NOW = new Date('2026-02-04T09:00:00.000Z');

const hosting = anEntry();
const monitoring = aUsEntry();
const japan = anEntry({
  name: 'Japan KK',
  country: 'JP',
  safeguard: { type: 'adequacy' },
  address: '1 Chiyoda, Tokyo',
});

function published(version: ListVersion, publishedAt: string, effectiveAt: string): ListVersion {
  return { ...version, publishedAt, effectiveAt };
}

describe('projecting a withdrawal', () => {
  it('restores every row the withdrawn version changed or removed, since included, and ends its additions', () => {
    const v1 = published(aListVersion('prc_acme', [hosting, monitoring], undefined, V1_AT), V1_AT, V1_AT);
    const afterV1 = projectTransfers([], v1);
    // Version 2 (pending for 30 days): monitoring moves to Japan's adequacy, hosting is dropped, Japan KK added.
    const v2 = published(
      aListVersion('prc_acme', [{ ...monitoring, country: 'JP', safeguard: { type: 'adequacy' } }, japan], v1, V2_AT),
      V2_AT,
      '2026-03-03T09:00:00.000Z',
    );
    const afterV2 = projectTransfers(afterV1, v2);
    expect(afterV2.flatMap((row) => viewTransfer(row, NOW)?.pendingChanges.map((c) => c.kind) ?? []).sort()).toEqual([
      'addition',
      'change',
      'removal',
    ]);

    const v3: ListVersion = {
      ...published(aListVersion('prc_acme', [hosting, monitoring], v2, WITHDRAWN_AT), WITHDRAWN_AT, WITHDRAWN_AT),
      withdraws: 2,
    };
    const afterV3 = projectTransfers(afterV2, v3);

    const live = (rows: TransferRow[]) =>
      rows
        .filter((row) => row.removedAt === undefined)
        .map(({ projectedVersion: _p, prior: _prior, ...row }) => row)
        .sort((a, b) => a.entryKey.localeCompare(b.entryKey));
    // As after version 1: the same entries, in force since version 1, changed in version 1.
    expect(live(afterV3)).toEqual(live(afterV1));
    const views = afterV3.map((row) => viewTransfer(row, NOW)).filter((view) => view !== undefined);
    expect(views.map((view) => [view.subprocessorName, view.sinceVersion, view.since, view.pendingChanges])).toEqual(
      expect.arrayContaining([
        [hosting.name, 1, V1_AT, []],
        [monitoring.name, 1, V1_AT, []],
      ]),
    );
    expect(views).toHaveLength(2);
    // The withdrawn addition ends at the withdrawal.
    expect(afterV3.find((row) => row.entry.name === japan.name)).toMatchObject({
      removedInVersion: 3,
      removedAt: WITHDRAWN_AT,
    });
  });
});
