import { INITIAL_KEY_LABEL, type IssuedApiKey, issueApiKey } from './api-key.js';
import { newId } from './ids.js';
import type { Clock } from './ports.js';

export interface OrganisationDetails {
  name: string;
  address?: string;
  contactEmail?: string;
}

interface OrganisationStore {
  create(organisation: OrganisationDetails & { id: string; createdAt: string }, apiKey: IssuedApiKey): Promise<void>;
}

/**
 * Registers a processor or a client and issues its first API key, labelled "initial".
 * The key is returned once to the caller; only its hash and its non-secret prefix are stored.
 */
export async function registerOrganisation(
  kind: 'processor' | 'client',
  details: OrganisationDetails,
  deps: { store: OrganisationStore; clock: Clock },
): Promise<{ id: string; apiKey: string }> {
  const id = newId(kind === 'processor' ? 'prc' : 'cli');
  const createdAt = deps.clock.now().toISOString();
  const { apiKey, issued } = issueApiKey(kind, INITIAL_KEY_LABEL, createdAt);
  await deps.store.create({ id, ...details, createdAt }, issued);
  return { id, apiKey };
}
