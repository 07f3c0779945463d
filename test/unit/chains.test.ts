import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.js';
import { diffLists, needsObjectionWindow } from '../../shared/domain/list-diff.js';
import { chainLabel, noticeChangeRows } from '../../shared/domain/notice.js';
import { validateList } from '../../shared/domain/publish-subprocessor-list.js';
import type { ListVersion } from '../../shared/domain/registry-entities.js';
import {
  chainKey,
  chainNodes,
  MAX_LIST_ENTRIES,
  type SubprocessorEntry,
  SubprocessorListSchema,
} from '../../shared/domain/subprocessor.js';
import {
  isTransferInsideEea,
  matchesFilter,
  projectTransfers,
  settleRow,
  type TransferFilter,
  type TransferRow,
  viewTransfer,
} from '../../shared/domain/transfers.js';
import { PutSubprocessorsBodySchema } from '../../shared/http/api-schemas.js';
import { issuesFromZod } from '../../shared/http/issues-from-zod.js';

const TODAY = new Date('2026-11-30T10:00:00Z');
const ON = (day: string) => new Date(`${day}T12:00:00Z`);

const eea = (name: string, subprocessors?: SubprocessorEntry[]): SubprocessorEntry => ({
  name,
  address: `${name} street, Paris`,
  country: 'FR',
  purpose: `${name} service`,
  safeguard: { type: 'eea' },
  ...(subprocessors !== undefined && { subprocessors }),
});
const us = (name: string, subprocessors?: SubprocessorEntry[]): SubprocessorEntry => ({
  name,
  address: `${name} avenue, Mountain View, CA`,
  country: 'US',
  purpose: `${name} service`,
  safeguard: { type: 'scc', module: 3, tiaReference: 'TIA-1' },
  ...(subprocessors !== undefined && { subprocessors }),
});

/** A chain `depth` levels deep: level 1 in France, each level below in the United States. */
const chainOf = (depth: number): SubprocessorEntry => {
  let entry = us(`Level ${depth}`);
  for (let level = depth - 1; level >= 1; level -= 1) entry = (level === 1 ? eea : us)(`Level ${level}`, [entry]);
  return entry;
};

const bodyIssues = (subprocessors: unknown) => {
  const result = PutSubprocessorsBodySchema.safeParse({ subprocessors });
  return result.success ? [] : issuesFromZod(result.error, 'body');
};

describe('a chain in the PUT body', () => {
  it('accepts four levels and keeps every level as sent', () => {
    const list = [chainOf(4)];
    const parsed = PutSubprocessorsBodySchema.parse({ subprocessors: list });
    expect(parsed.subprocessors).toEqual(list);
    expect(chainNodes(parsed.subprocessors).map((n) => [n.level, n.location])).toEqual([
      [1, 'subprocessors[0]'],
      [2, 'subprocessors[0].subprocessors[0]'],
      [3, 'subprocessors[0].subprocessors[0].subprocessors[0]'],
      [4, 'subprocessors[0].subprocessors[0].subprocessors[0].subprocessors[0]'],
    ]);
  });

  it('refuses a fifth level, naming the level-4 entry whose sub-processors are refused', () => {
    expect(bodyIssues([chainOf(5)])).toEqual([
      {
        path: 'body.subprocessors[0].subprocessors[0].subprocessors[0].subprocessors[0].subprocessors',
        rule: 'too-big',
        message:
          'body.subprocessors[0].subprocessors[0].subprocessors[0].subprocessors[0].subprocessors: must be absent: a chain has at most 4 levels (EDPB Opinion 22/2024)',
      },
    ]);
  });

  it('names the path of a bad field two levels down', () => {
    // A safeguard without its SCC module, as a client could send it.
    const list: unknown = [
      eea('A'),
      eea('B'),
      { ...eea('C'), subprocessors: [{ ...us('D'), safeguard: { type: 'scc' } }] },
    ];
    expect(bodyIssues(list)).toEqual([
      expect.objectContaining({
        path: 'body.subprocessors[2].subprocessors[0].safeguard.module',
        rule: 'invalid-union',
      }),
    ]);
  });

  it('counts onward sub-processors in the entry cap', () => {
    const children = Array.from({ length: MAX_LIST_ENTRIES }, (_, i) => us(`Child ${i}`));
    expect(bodyIssues([eea('Parent', children)])).toEqual([
      {
        path: 'body.subprocessors',
        rule: 'too-big',
        message: `body.subprocessors: must list at most ${MAX_LIST_ENTRIES} entries in all, onward sub-processors included (${MAX_LIST_ENTRIES + 1} given)`,
      },
    ]);
    expect(SubprocessorListSchema.safeParse([eea('Parent', children.slice(1))]).success).toBe(true);
  });
});

describe('chainKey: the identity of a transfer row', () => {
  it('keeps a direct entry’s own key, and gives an onward one a fixed-size key distinct for each path', () => {
    expect(chainKey(['sentry'])).toBe('sentry');
    const longName = `name:${'é'.repeat(200)}`;
    const deep = chainKey([longName, longName, longName, longName]);
    expect(deep).toMatch(/^chain:[0-9a-f]{64}$/);
    expect(chainKey(['a', 'b'])).not.toBe(chainKey(['a', 'c']));
    expect(chainKey(['a', 'b'])).not.toBe(chainKey(['b', 'a']));
  });
});

describe('validateList down the chain', () => {
  const issuesOf = (list: SubprocessorEntry[]) => {
    try {
      validateList(list, TODAY);
      return [];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.issues ?? [];
    }
  };

  it('refuses a wrong safeguard at level 2 with its path: subprocessors[2].subprocessors[0].safeguard', () => {
    const list = [eea('A'), eea('B'), eea('C', [{ ...us('D'), safeguard: { type: 'eea' } }])];
    expect(issuesOf(list)).toEqual([
      expect.objectContaining({ path: 'subprocessors[2].subprocessors[0].safeguard', rule: 'eea-only-inside-eea' }),
    ]);
  });

  it('refuses siblings with the same id, and only siblings: the same id under two parents is fine', () => {
    const child = (id: string) => ({ ...us('Google LLC'), id });
    expect(issuesOf([eea('A', [child('google')]), eea('B', [child('google')])])).toEqual([]);
    expect(issuesOf([eea('A', [child('google'), { ...child('google'), name: 'Google Ireland' }])])).toEqual([
      {
        path: 'subprocessors[0].subprocessors[1].id',
        rule: 'unique-entry',
        message:
          'subprocessors[0].subprocessors[1]: same identity as subprocessors[0].subprocessors[0]; give each entry a distinct id',
      },
    ]);
  });

  it('keeps the warnings of a level-3 entry with its path', () => {
    const list = [eea('A', [us('B', [{ ...us('C'), safeguard: { type: 'scc', module: 3 } }])])];
    expect(validateList(list, TODAY)).toEqual([
      expect.objectContaining({ path: 'subprocessors[0].subprocessors[0].subprocessors[0].safeguard.tiaReference' }),
    ]);
  });
});

describe('diffLists down the chain', () => {
  const mailer = (subprocessors: SubprocessorEntry[]) => [eea('Mailjet', subprocessors)];

  it('finds a new level-2 sub-processor with where it sits, and it needs an objection window', () => {
    const changes = diffLists(mailer([us('Other')]), mailer([us('Other'), us('Google LLC')]));
    expect(changes).toEqual({
      added: [
        {
          key: 'name:google llc',
          name: 'Google LLC',
          at: 'subprocessors[0].subprocessors[1]',
          classification: 'objection-window',
        },
      ],
      removed: [],
      changed: [],
    });
    expect(needsObjectionWindow(changes)).toBe(true);
  });

  it('finds a country change at level 3 as needing a window; the parents are unchanged', () => {
    const before = mailer([us('Google LLC', [us('Level 3')])]);
    const after = [eea('First'), ...mailer([us('Google LLC', [{ ...us('Level 3'), country: 'IN' }])])];
    const changes = diffLists(before, after);
    expect(changes.added.map((a) => a.at)).toEqual(['subprocessors[0]']);
    expect(changes.removed).toEqual([]);
    expect(changes.changed).toEqual([
      {
        key: 'name:level 3',
        name: 'Level 3',
        at: 'subprocessors[1].subprocessors[0].subprocessors[0]',
        fields: [{ field: 'country', before: 'US', after: 'IN', classification: 'objection-window' }],
        classification: 'objection-window',
      },
    ]);
    expect(needsObjectionWindow({ ...changes, added: [] })).toBe(true);
  });

  it('finds an address edit at level 2 as information only', () => {
    const changes = diffLists(mailer([us('Google LLC')]), mailer([{ ...us('Google LLC'), address: 'Dublin' }]));
    expect(changes.changed.map((c) => [c.at, c.classification])).toEqual([
      ['subprocessors[0].subprocessors[0]', 'informational'],
    ]);
    expect(needsObjectionWindow(changes)).toBe(false);
  });

  it('lists a removed level-2 entry and its own sub-processor as removals, located in the previous list', () => {
    const changes = diffLists([eea('First'), ...mailer([us('Google LLC', [us('Level 3')])])], mailer([]));
    expect(changes.removed.map((r) => [r.name, r.at])).toEqual([
      ['First', 'subprocessors[0]'],
      ['Google LLC', 'subprocessors[1].subprocessors[0]'],
      ['Level 3', 'subprocessors[1].subprocessors[0].subprocessors[0]'],
    ]);
    expect(needsObjectionWindow(changes)).toBe(false);
  });

  it('lists a new direct entry and its chain as additions; a replacement is matched among siblings only', () => {
    const changes = diffLists(
      [eea('Old mailer', [us('Old relay')])],
      [{ ...eea('New mailer', [{ ...us('New relay'), purpose: 'Old relay service' }]), purpose: 'Old mailer service' }],
    );
    expect(changes.added).toEqual([
      {
        key: 'name:new mailer',
        name: 'New mailer',
        at: 'subprocessors[0]',
        replaces: { key: 'name:old mailer', name: 'Old mailer' },
        classification: 'objection-window',
      },
      {
        key: 'name:new relay',
        name: 'New relay',
        at: 'subprocessors[0].subprocessors[0]',
        classification: 'objection-window',
      },
    ]);
    expect(changes.removed.map((r) => r.at)).toEqual(['subprocessors[0]', 'subprocessors[0].subprocessors[0]']);
  });
});

describe('the notice’s change rows', () => {
  const version = (n: number, subprocessors: SubprocessorEntry[], previous?: ListVersion): ListVersion => ({
    processorId: 'prc_1',
    processorName: 'Acme',
    version: n,
    subprocessors,
    changes: diffLists(previous?.subprocessors ?? [], subprocessors),
    baseline: previous === undefined,
    needsObjectionWindow: previous !== undefined,
    warnings: [],
    publishedAt: TODAY.toISOString(),
    effectiveAt: TODAY.toISOString(),
    rulesVersion: 'test',
    contentSha256: 'x',
  });

  it('carries the path of an onward sub-processor and its own country; a removal is read from the previous list', () => {
    const v1 = version(1, [eea('Sentry', [us('Old relay')])]);
    const v2 = version(2, [eea('Acme'), eea('Sentry', [us('Google LLC')])], v1);
    expect(noticeChangeRows(v2, v1).map((r) => [r.change, r.path])).toEqual([
      ['added', ['Acme']],
      ['added', ['Sentry', 'Google LLC']],
      ['removed', ['Sentry', 'Old relay']],
    ]);
    expect(noticeChangeRows(v2, v1)[1]).toEqual({
      change: 'added',
      name: 'Google LLC',
      path: ['Sentry', 'Google LLC'],
      address: 'Google LLC avenue, Mountain View, CA',
      country: 'United States of America (US)',
      purpose: 'Google LLC service',
      safeguard: 'Standard contractual clauses, module 3, Art. 46(2)(c)',
      needsObjectionWindow: true,
      // What each reader's language renders: the country and the safeguard's terms.
      countryCode: 'US',
      safeguardTerms: { type: 'scc', module: 3 },
    });
  });
});

describe('what was stored before chains', () => {
  it('reads a version’s change records without locations as direct entries, by key', () => {
    const base = {
      processorId: 'prc_1',
      processorName: 'Acme',
      baseline: false,
      needsObjectionWindow: true,
      warnings: [],
      publishedAt: TODAY.toISOString(),
      effectiveAt: TODAY.toISOString(),
      rulesVersion: 'test',
      contentSha256: 'x',
    };
    const v1: ListVersion = { ...base, version: 1, subprocessors: [eea('Old')], changes: diffLists([], []) };
    const v2: ListVersion = {
      ...base,
      version: 2,
      subprocessors: [eea('Kept'), us('New')],
      changes: {
        added: [{ key: 'name:new', name: 'New', classification: 'objection-window' }],
        removed: [{ key: 'name:old', name: 'Old', classification: 'informational' }],
        changed: [],
      },
    };
    expect(noticeChangeRows(v2, v1).map((r) => [r.change, r.path, r.country])).toEqual([
      ['added', ['New'], 'United States of America (US)'],
      ['removed', ['Old'], 'France (FR)'],
    ]);
  });

  it('shows a notice row without a path by its name, and a transfer row without level or path as level 1', () => {
    expect(chainLabel({ name: 'Sentry' })).toBe('Sentry');
    expect(chainLabel({ name: 'Google LLC', path: ['Sentry', 'Google LLC'] })).toBe('Sentry → Google LLC');
    const legacy: TransferRow = {
      processorId: 'prc_1',
      processorName: 'Acme',
      entryKey: 'name:sentry',
      entry: us('Sentry'),
      sinceVersion: 1,
      sinceEffectiveAt: '2026-01-01T00:00:00.000Z',
      changedInVersion: 1,
      changedEffectiveAt: '2026-01-01T00:00:00.000Z',
      projectedVersion: 1,
    };
    expect(viewTransfer(legacy, TODAY)).toMatchObject({ level: 1, path: ['Sentry'], subprocessorName: 'Sentry' });
  });
});

describe('transfer rows down the chain', () => {
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
  const google = { ...us('Google LLC'), id: 'google', safeguard: { type: 'adequacy', dpfCertified: true } as const };
  const mailjet = (children: SubprocessorEntry[]) => ({ ...eea('Mailjet', children), id: 'mailjet' });
  const v1 = projectTransfers([], version(1, [mailjet([google])], '2026-11-01T00:00:00.000Z'));
  const rowOf = (rows: TransferRow[], key: string) => rows.find((r) => r.entryKey === key) as TransferRow;
  const GOOGLE = chainKey(['mailjet', 'google']);
  const OUTSIDE: TransferFilter = { includeEea: false };

  it('gives every level a row of its own, keyed by its path, with its own terms only', () => {
    expect(v1.map((r) => [r.entryKey, r.level, r.path])).toEqual([
      ['mailjet', 1, ['Mailjet']],
      [GOOGLE, 2, ['Mailjet', 'Google LLC']],
    ]);
    expect(rowOf(v1, 'mailjet').entry).toEqual({ ...eea('Mailjet'), id: 'mailjet' });
    expect(rowOf(v1, GOOGLE).entry).toEqual(google);
  });

  it('lists the US sub-processor of an EEA entry as a transfer outside the EEA, with its path, level and basis', () => {
    const views = v1.map((r) => viewTransfer(r, TODAY)).filter((v) => v !== undefined);
    const outside = views.filter((v) => matchesFilter(v, OUTSIDE));
    expect(outside).toEqual([
      expect.objectContaining({
        subprocessorName: 'Google LLC',
        level: 2,
        path: ['Mailjet', 'Google LLC'],
        inEea: false,
        country: { code: 'US', name: 'United States of America' },
        legalBasis: 'Art. 45 — (EU) 2023/1795',
        safeguardType: 'adequacy',
      }),
    ]);
    expect(views.filter((v) => matchesFilter(v, { includeEea: false, withoutAdequacy: 'US' }))).toHaveLength(1);
    expect(isTransferInsideEea(rowOf(v1, 'mailjet').entry)).toBe(true);
  });

  it('adds a level-3 row pending until its version takes effect, leaving the rows above untouched', () => {
    const india = { ...us('Support desk'), id: 'desk', country: 'IN' };
    const v2 = projectTransfers(
      v1,
      version(2, [mailjet([{ ...google, subprocessors: [india] }])], '2026-12-01T00:00:00.000Z'),
    );
    const DESK = chainKey(['mailjet', 'google', 'desk']);
    expect(v2.map((r) => [r.entryKey, r.changedInVersion, r.scheduledVersions])).toEqual([
      ['mailjet', 1, undefined],
      [GOOGLE, 1, undefined],
      [DESK, 2, [2]],
    ]);
    expect(viewTransfer(rowOf(v2, DESK), ON('2026-12-02'))?.pendingChanges).toEqual([
      { kind: 'addition', version: 2, effectiveAt: '2026-12-01T00:00:00.000Z' },
    ]);
    const settled = settleRow(rowOf(v2, DESK), 2, '2026-12-03T10:00:00.000Z');
    expect(settled).toMatchObject({ sinceEffectiveAt: '2026-12-03T10:00:00.000Z', level: 3 });
    expect(settled.scheduledVersions).toBeUndefined();
    expect(viewTransfer(settled, ON('2026-12-04'))).toMatchObject({
      path: ['Mailjet', 'Google LLC', 'Support desk'],
      level: 3,
      since: '2026-12-03T10:00:00.000Z',
      pendingChanges: [],
    });
  });

  it('ends the rows of a removed chain at the version’s date; a renamed parent renames the path, keeping since', () => {
    const removed = projectTransfers(v1, version(2, [mailjet([])], '2026-12-01T00:00:00.000Z'));
    expect(rowOf(removed, GOOGLE)).toMatchObject({ removedInVersion: 2, removedAt: '2026-12-01T00:00:00.000Z' });
    expect(viewTransfer(rowOf(removed, GOOGLE), ON('2026-11-20'))?.pendingChanges).toEqual([
      { kind: 'removal', version: 2, effectiveAt: '2026-12-01T00:00:00.000Z' },
    ]);

    const renamed = projectTransfers(
      v1,
      version(2, [{ ...mailjet([google]), name: 'Sinch Mailjet' }], '2026-12-01T00:00:00.000Z'),
    );
    expect(rowOf(renamed, GOOGLE)).toMatchObject({
      path: ['Sinch Mailjet', 'Google LLC'],
      sinceVersion: 1,
      changedInVersion: 1,
      projectedVersion: 2,
    });
  });
});
