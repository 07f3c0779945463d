import type { SubprocessorEntry } from '../../shared/domain/subprocessor.js';

/** Test data builders: a valid entry by default, overridden field by field. */
export function anEntry(overrides: Partial<SubprocessorEntry> = {}): SubprocessorEntry {
  return {
    name: 'OVH SAS',
    address: '2 rue Kellermann, 59100 Roubaix, France',
    country: 'FR',
    purpose: 'Hosting',
    safeguard: { type: 'eea' },
    ...overrides,
  };
}

export function aUsEntry(overrides: Partial<SubprocessorEntry> = {}): SubprocessorEntry {
  return anEntry({
    name: 'Functional Software, Inc. (Sentry)',
    address: '45 Fremont Street, San Francisco, CA 94105, USA',
    country: 'US',
    purpose: 'Error monitoring',
    safeguard: { type: 'adequacy', dpfCertified: true },
    ...overrides,
  });
}
