import { hashApiKey, newApiKey } from './api-key.js';
import { newId } from './ids.js';
import type { Clock } from './ports.js';

export interface OrganisationDetails {
  name: string;
  address?: string;
  contactEmail?: string;
}

interface OrganisationStore {
  create(organisation: OrganisationDetails & { id: string; createdAt: string }, apiKeyHash: string): Promise<void>;
}

/**
 * Registers a processor or a client and issues its API key.
 * The key is returned once to the caller and only its hash is stored.
 */
export async function registerOrganisation(
  kind: 'processor' | 'client',
  details: OrganisationDetails,
  deps: { store: OrganisationStore; clock: Clock },
): Promise<{ id: string; apiKey: string }> {
  const id = newId(kind === 'processor' ? 'prc' : 'cli');
  const apiKey = newApiKey(kind);
  await deps.store.create({ id, ...details, createdAt: deps.clock.now().toISOString() }, hashApiKey(apiKey));
  return { id, apiKey };
}
