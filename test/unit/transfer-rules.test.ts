import { describe, expect, it } from 'vitest';
import type { Safeguard, SubprocessorEntry } from '../../shared/domain/subprocessor.js';
import { checkTransfer } from '../../shared/domain/transfer-rules.js';

const entry = (country: string, safeguard: Safeguard): SubprocessorEntry => ({
  name: 'Acme Ltd',
  address: '1 Main Street',
  country,
  purpose: 'Hosting',
  safeguard,
});

const ON = (day: string) => new Date(`${day}T12:00:00Z`);
const TODAY = ON('2026-11-22');

describe('checkTransfer: safeguard × country on a date', () => {
  it.each([
    // country, safeguard, date, expected rule or 'ok'
    ['FR', { type: 'eea' }, TODAY, 'ok'],
    ['GR', { type: 'eea' }, TODAY, 'ok'],
    ['NO', { type: 'eea' }, TODAY, 'ok'],
    ['AX', { type: 'eea' }, TODAY, 'ok'],
    ['DE', { type: 'scc', module: 3 }, TODAY, 'eea-country-takes-eea'],
    ['CH', { type: 'eea' }, TODAY, 'eea-only-inside-eea'],
    ['GL', { type: 'eea' }, TODAY, 'eea-only-inside-eea'],
    ['CH', { type: 'adequacy' }, TODAY, 'ok'],
    ['AR', { type: 'adequacy' }, TODAY, 'ok'],
    ['US', { type: 'adequacy', dpfCertified: true }, TODAY, 'ok'],
    ['US', { type: 'adequacy' }, TODAY, 'adequacy-scope'],
    ['US', { type: 'adequacy', dpfCertified: false }, TODAY, 'adequacy-scope'],
    ['US', { type: 'adequacy', dpfCertified: true }, ON('2023-07-09'), 'adequacy-decision-in-force'],
    ['CA', { type: 'adequacy' }, TODAY, 'adequacy-scope'],
    ['CA', { type: 'adequacy', withinScope: true }, TODAY, 'ok'],
    ['JP', { type: 'adequacy', withinScope: true }, TODAY, 'ok'],
    ['CH', { type: 'adequacy', dpfCertified: true }, TODAY, 'dpf-only-for-us'],
    ['GB', { type: 'adequacy' }, ON('2026-06-01'), 'ok'],
    ['GB', { type: 'adequacy' }, ON('2031-12-27'), 'ok'],
    ['GB', { type: 'adequacy' }, ON('2031-12-28'), 'adequacy-decision-in-force'],
    ['BR', { type: 'adequacy' }, TODAY, 'ok'],
    ['BR', { type: 'adequacy' }, ON('2025-12-31'), 'adequacy-decision-in-force'],
    ['AU', { type: 'adequacy' }, TODAY, 'adequacy-decision-in-force'],
    ['AU', { type: 'scc', module: 3, tiaReference: 'TIA-7' }, TODAY, 'ok'],
    ['IN', { type: 'bcr', tiaReference: 'TIA-1' }, TODAY, 'ok'],
    ['US', { type: 'scc', module: 3, tiaReference: 'TIA-9' }, TODAY, 'ok'],
  ] as const)('%s with %j on %s → %s', (country, safeguard, at, expected) => {
    const result = checkTransfer(entry(country, safeguard as Safeguard), at, 'subprocessors[0]');
    if (expected === 'ok') {
      expect(result.errors).toEqual([]);
    } else {
      expect(result.errors.map((e) => e.rule)).toContain(expected);
    }
  });

  it('names the entry, the field and the rule for a US adequacy claim without DPF', () => {
    const { errors } = checkTransfer(entry('US', { type: 'adequacy' }), TODAY, 'subprocessors[3]');
    expect(errors[0]?.message).toBe(
      'subprocessors[3].safeguard: United States (EU-US Data Privacy Framework) adequacy covers only organisations certified on the Data Privacy Framework List; set dpfCertified or use scc',
    );
    expect(errors[0]?.path).toBe('subprocessors[3].safeguard.dpfCertified');
  });

  it('accepts a derogation but flags it', () => {
    const result = checkTransfer(entry('IN', { type: 'derogation', article49Point: 'b' }), TODAY, 'subprocessors[0]');
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.rule)).toEqual(['derogation-not-for-routine-transfers']);
  });

  it('flags an Art. 46 tool without a transfer impact assessment', () => {
    const result = checkTransfer(entry('IN', { type: 'scc', module: 2 }), TODAY, 'subprocessors[0]');
    expect(result.warnings.map((w) => w.rule)).toEqual(['tia-recommended']);
  });

  it('covers the European Patent Organisation as an international organisation', () => {
    const epo: SubprocessorEntry = {
      name: 'EPO',
      address: 'Munich',
      internationalOrganisation: 'European Patent Organisation',
      purpose: 'Filing',
      safeguard: { type: 'adequacy' },
    };
    expect(checkTransfer(epo, TODAY, 'subprocessors[0]').errors).toEqual([]);
    const early = checkTransfer(epo, ON('2025-07-14'), 'subprocessors[0]').errors;
    expect(early.map((e) => e.rule)).toEqual(['adequacy-decision-in-force']);
    // Before its decision it is "not yet in force", not "no adequacy decision".
    expect(early[0]?.message).toBe(
      'subprocessors[0].safeguard: the adequacy decision (EU) 2025/1382 for European Patent Organisation is not in force before 2025-07-15; use an Art. 46 safeguard such as scc',
    );
  });

  it('names a country decision that is not yet in force', () => {
    const [error] = checkTransfer(entry('BR', { type: 'adequacy' }), ON('2026-01-25'), 'subprocessors[0]').errors;
    expect(error?.message).toContain('is not in force before 2026-01-26');
  });
});
