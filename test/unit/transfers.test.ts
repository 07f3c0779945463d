import { describe, expect, it } from 'vitest';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import type { Safeguard, SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import {
  isTransferInsideEea,
  legalBasisOf,
  projectTransfers,
  settleRow,
  type TransferRow,
  transferFlags,
  viewTransfer,
} from '../../shared/domain/transfers.js';
import { effectRef, type VersionEffect } from '../../shared/domain/version-effect.js';
import { ADEQUACY_DECISIONS } from '../../shared/legal/reference.js';

const entry = (
  country: string,
  safeguard: Safeguard,
  overrides: Partial<SubprocessorEntry> = {},
): SubprocessorEntry => ({
  name: `Acme ${country}`,
  address: '1 Main Street',
  country,
  purpose: 'Hosting',
  safeguard,
  ...overrides,
});

const ON = (day: string) => new Date(`${day}T12:00:00Z`);
const TODAY = ON('2026-11-22');
const rules = (e: SubprocessorEntry, effective = TODAY, now = TODAY) =>
  transferFlags(e, effective, now).map((f) => f.rule);

describe('every adequacy decision of the reference table', () => {
  const countryDecisions = ADEQUACY_DECISIONS.filter((d) => d.recipient.kind === 'country');
  it.each(countryDecisions.map((d) => [d.name, d] as const))('%s: basis, date and scope', (_name, decision) => {
    const code = (decision.recipient as { code: string }).code;
    const inScope: Safeguard =
      decision.scope.kind === 'dpf-certified'
        ? { type: 'adequacy', dpfCertified: true }
        : decision.scope.kind === 'sectoral'
          ? { type: 'adequacy', withinScope: true }
          : { type: 'adequacy' };
    const day = decision.until ?? '2026-11-22';
    const during = ON(day < decision.since ? decision.since : day);
    expect(legalBasisOf(entry(code, inScope), during)).toEqual({
      legalBasis: `Art. 45 — ${decision.decision}`,
      adequacyDecision: expect.objectContaining({ decision: decision.decision, since: decision.since }),
    });
    expect(rules(entry(code, inScope), during, during)).toEqual([]);
    // The day before the decision, the transfer had no adequacy basis.
    const before = new Date(Date.parse(`${decision.since}T12:00:00Z`) - 86_400_000);
    expect(rules(entry(code, inScope), before, during)).toEqual(['adequacy-decision-in-force']);
    if (decision.until !== undefined) {
      const after = new Date(Date.parse(`${decision.until}T12:00:00Z`) + 86_400_000);
      expect(rules(entry(code, inScope), during, after)).toEqual(['adequacy-decision-in-force']);
    }
    if (decision.scope.kind === 'dpf-certified') {
      expect(rules(entry(code, { type: 'adequacy' }), during, during)).toContain('adequacy-scope');
    }
    if (decision.scope.kind === 'sectoral') {
      expect(rules(entry(code, { type: 'adequacy' }), during, during)).toContain('adequacy-scope');
    }
  });
});

describe('flags a lawyer wants to see', () => {
  it.each([
    [
      'a derogation used for a routine transfer',
      entry('IN', { type: 'derogation', article49Point: 'b' }),
      ['derogation-not-for-routine-transfers'],
    ],
    ['SCCs without a transfer impact assessment', entry('IN', { type: 'scc', module: 3 }), ['tia-recommended']],
    ['SCCs with one', entry('IN', { type: 'scc', module: 3, tiaReference: 'TIA-1' }), []],
    ['BCRs without one', entry('IN', { type: 'bcr' }), ['tia-recommended']],
    ['US adequacy without DPF (legacy data)', entry('US', { type: 'adequacy' }), ['adequacy-scope']],
    ['adequacy where no decision exists', entry('IN', { type: 'adequacy' }), ['adequacy-decision-in-force']],
    ['an EEA country', entry('FR', { type: 'eea' }), []],
  ] as const)('%s', (_what, e, expected) => {
    expect(rules(e)).toEqual(expected);
  });

  it.each([
    ['Art. 49(1)(b)', { type: 'derogation', article49Point: 'b' }],
    ['Art. 49(1), second subparagraph', { type: 'derogation', article49Point: 'compelling-legitimate-interests' }],
    ['Art. 46(2)(c)', { type: 'scc', module: 2 }],
    ['Art. 46(2)(b) and Art. 47', { type: 'bcr' }],
  ] as const)('names the basis %s', (basis, safeguard) => {
    expect(legalBasisOf(entry('IN', safeguard as Safeguard), TODAY).legalBasis).toBe(basis);
  });
});

describe('EEA pitfalls', () => {
  it.each([
    ['GR', true], // Greece: EL in EU texts, GR in ISO 3166
    ['AX', true], // Åland: part of the EU with its own ISO code
    ['NO', true],
    ['GB', false], // left the EU; adequacy decision instead
    ['CH', false], // not EEA; adequacy decision
    ['GL', false], // Greenland: Danish, but outside the EU
    ['FO', false], // Faroe Islands: likewise
  ] as const)('%s inside the EEA: %s', (code, inside) => {
    expect(isTransferInsideEea({ country: code })).toBe(inside);
  });
});

describe('projecting versions into transfer rows', () => {
  const version = (n: number, subprocessors: SubprocessorEntry[], effectiveAt: string): ListVersion => ({
    processorId: 'prc_1',
    processorName: 'Vendor',
    version: n,
    subprocessors,
    changes: { added: [], removed: [], changed: [] },
    baseline: n === 1,
    needsObjectionWindow: n > 1,
    warnings: [],
    publishedAt: '2026-11-01T00:00:00.000Z',
    effectiveAt,
    rulesVersion: 'test',
    contentSha256: 'x',
  });
  const us = entry('US', { type: 'adequacy', dpfCertified: true }, { id: 'us' });
  const jp = entry('JP', { type: 'adequacy', withinScope: true }, { id: 'jp' });
  const v1 = projectTransfers([], version(1, [us, jp], '2026-11-01T00:00:00.000Z'));
  const moved = { ...us, country: 'IN', safeguard: { type: 'scc', module: 3, tiaReference: 'T' } as Safeguard };
  const v2 = projectTransfers(v1, version(2, [moved], '2026-12-01T00:00:00.000Z'));
  const row = (rows: TransferRow[], key: string) => rows.find((r) => r.entryKey === key) as TransferRow;
  const effects = (effect: Pick<VersionEffect, 'state' | 'effectiveAt'>) =>
    new Map([
      [
        effectRef('prc_1', 2),
        { processorId: 'prc_1', version: 2, requestedEffectiveAt: '2026-12-01T00:00:00.000Z', ...effect },
      ],
    ]);

  it('keeps since while the destination stays, restarts it when the destination moves', () => {
    expect(row(v2, 'us')).toMatchObject({ sinceVersion: 2, changedInVersion: 2, previous: { entry: us, version: 1 } });
    const sameDestination = projectTransfers(
      v1,
      version(2, [{ ...us, purpose: 'Other' }, jp], '2026-12-01T00:00:00.000Z'),
    );
    expect(row(sameDestination, 'us')).toMatchObject({ sinceVersion: 1, changedInVersion: 2 });
    expect(row(sameDestination, 'jp')).toMatchObject({ sinceVersion: 1, changedInVersion: 1 });
  });

  it('shows a change and a removal as pending until the version takes effect, then drops the removed row', () => {
    const before = ON('2026-11-20');
    expect(viewTransfer(row(v2, 'us'), before)?.pendingChanges).toEqual([
      {
        kind: 'change',
        version: 2,
        effectiveAt: '2026-12-01T00:00:00.000Z',
        inForce: { country: 'US', safeguardType: 'adequacy', purpose: 'Hosting' },
      },
    ]);
    expect(viewTransfer(row(v2, 'jp'), before)?.pendingChanges).toEqual([
      { kind: 'removal', version: 2, effectiveAt: '2026-12-01T00:00:00.000Z' },
    ]);
    const after = ON('2026-12-02');
    const effective = effects({ state: 'effective', effectiveAt: '2026-12-01T06:00:00.000Z' });
    expect(viewTransfer(row(v2, 'us'), after, effective)?.pendingChanges).toEqual([]);
    expect(viewTransfer(row(v2, 'us'), after, effective)?.since).toBe('2026-12-01T06:00:00.000Z');
    expect(viewTransfer(row(v2, 'jp'), after, effective)).toBeUndefined();
  });

  it('keeps a change that waits for windows pending past its requested date, at the projected time', () => {
    expect(row(v2, 'us').scheduledVersions).toEqual([2]);
    expect(row(v1, 'us').scheduledVersions).toBeUndefined();
    const after = ON('2026-12-02');
    // No effect recorded yet: pending at the requested time, whatever the date.
    expect(viewTransfer(row(v2, 'us'), after)?.pendingChanges.map((c) => c.effectiveAt)).toEqual([
      '2026-12-01T00:00:00.000Z',
    ]);
    // A send moved the projection: the views show it, the removal still pending.
    const projected = effects({ state: 'scheduled', effectiveAt: '2026-12-03T10:00:00.000Z' });
    expect(viewTransfer(row(v2, 'us'), after, projected)?.pendingChanges).toEqual([
      expect.objectContaining({ kind: 'change', effectiveAt: '2026-12-03T10:00:00.000Z' }),
    ]);
    expect(viewTransfer(row(v2, 'jp'), after, projected)?.pendingChanges).toEqual([
      { kind: 'removal', version: 2, effectiveAt: '2026-12-03T10:00:00.000Z' },
    ]);
  });

  it('settles the rows of a version that took effect: final dates, nothing left to look up', () => {
    const settled = settleRow(row(v2, 'us'), 2, '2026-12-03T10:00:00.000Z');
    expect(settled).toMatchObject({
      sinceEffectiveAt: '2026-12-03T10:00:00.000Z',
      changedEffectiveAt: '2026-12-03T10:00:00.000Z',
    });
    expect(settled.scheduledVersions).toBeUndefined();
    expect(settleRow(row(v2, 'jp'), 2, '2026-12-03T10:00:00.000Z')).toMatchObject({
      removedAt: '2026-12-03T10:00:00.000Z',
    });
    // Another version's rows are left as they are (the same object).
    expect(settleRow(row(v2, 'us'), 3, '2026-12-03T10:00:00.000Z')).toBe(row(v2, 'us'));
    expect(viewTransfer(settled, ON('2026-12-04'))?.pendingChanges).toEqual([]);
    expect(viewTransfer(settled, ON('2026-12-02'))?.pendingChanges).toHaveLength(1);
  });

  it('projects a redelivered version to the same rows, leaving ended ones alone', () => {
    expect(projectTransfers(v2, version(2, [moved], '2026-12-01T00:00:00.000Z'))).toEqual(
      v2.filter((r) => r.removedAt === undefined),
    );
  });
});
