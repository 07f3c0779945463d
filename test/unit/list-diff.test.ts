import { describe, expect, it } from 'vitest';
import { diffLists, hasChanges, needsObjectionWindow } from '../../shared/domain/list-diff.js';
import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';

const ovh: SubprocessorEntry = {
  name: 'OVH SAS',
  address: '2 rue Kellermann, Roubaix',
  country: 'FR',
  purpose: 'Hosting',
  safeguard: { type: 'eea' },
};
const sentry: SubprocessorEntry = {
  name: 'Functional Software, Inc. (Sentry)',
  address: 'San Francisco, CA',
  country: 'US',
  purpose: 'Error monitoring',
  safeguard: { type: 'adequacy', dpfCertified: true },
};

describe('diffLists', () => {
  it('finds nothing between a list and its reordering', () => {
    const changes = diffLists([ovh, sentry], [sentry, ovh]);
    expect(hasChanges(changes)).toBe(false);
  });

  it('classifies an addition as needing an objection window', () => {
    const changes = diffLists([ovh], [ovh, sentry]);
    expect(changes.added).toEqual([
      {
        key: 'name:functional software, inc. (sentry)',
        name: sentry.name,
        at: 'subprocessors[1]',
        classification: 'objection-window',
      },
    ]);
    expect(needsObjectionWindow(changes)).toBe(true);
  });

  it('classifies a removal as informational', () => {
    const changes = diffLists([ovh, sentry], [ovh]);
    expect(changes.removed).toHaveLength(1);
    expect(changes.removed[0]?.classification).toBe('informational');
    expect(needsObjectionWindow(changes)).toBe(false);
  });

  it('marks an addition with the same purpose as a removal as a replacement', () => {
    const ionos: SubprocessorEntry = { ...ovh, name: 'IONOS SE', address: 'Sarreguemines' };
    const changes = diffLists([ovh], [ionos]);
    expect(changes.added[0]?.replaces).toEqual({ key: 'name:ovh sas', name: 'OVH SAS' });
    expect(needsObjectionWindow(changes)).toBe(true);
  });

  it.each([
    ['address', 'informational', { address: 'Elsewhere' }],
    ['contact', 'informational', { contact: { name: 'DPO' } }],
    ['purpose', 'objection-window', { purpose: 'Hosting and analytics' }],
    ['country', 'objection-window', { country: 'CA', safeguard: { type: 'adequacy', withinScope: true } }],
    ['safeguard', 'objection-window', { safeguard: { type: 'adequacy', dpfCertified: true } }],
    ['the TIA reference only', 'informational', { safeguard: { type: 'scc', module: 3, tiaReference: 'x' } }],
    ['new data category', 'objection-window', { dataCategories: ['contact data'] }],
  ] as const)('classifies a change of %s as %s', (_label, expected, patch) => {
    const before: SubprocessorEntry = { ...sentry, safeguard: { type: 'scc', module: 3 } };
    const changes = diffLists([before], [{ ...before, ...patch } as SubprocessorEntry]);
    expect(changes.changed).toHaveLength(1);
    expect(changes.changed[0]?.classification).toBe(expected);
  });

  it('reports field by field with before and after', () => {
    const changes = diffLists([sentry], [{ ...sentry, safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-1' } }]);
    expect(changes.changed[0]?.fields).toEqual([
      { field: 'safeguard.type', before: 'adequacy', after: 'scc', classification: 'objection-window' },
      { field: 'safeguard.dpfCertified', before: true, after: null, classification: 'objection-window' },
      { field: 'safeguard.module', before: null, after: 3, classification: 'objection-window' },
      { field: 'safeguard.tiaReference', before: null, after: 'TIA-1', classification: 'informational' },
    ]);
  });

  it('treats fewer data categories as informational', () => {
    const before = { ...ovh, dataCategories: ['a', 'b'] };
    const changes = diffLists([before], [{ ...ovh, dataCategories: ['a'] }]);
    expect(changes.changed[0]?.classification).toBe('informational');
  });

  it('keeps identity across a rename when an id is given', () => {
    const changes = diffLists([{ ...ovh, id: 'ovh' }], [{ ...ovh, id: 'ovh', name: 'OVHcloud SAS' }]);
    expect(changes.added).toEqual([]);
    expect(changes.changed[0]?.fields.map((f) => f.field)).toEqual(['name']);
    expect(changes.changed[0]?.classification).toBe('informational');
  });
});
