import { normaliseAddresses } from './create-contract.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { ContractChanges, ContractUpdateStore } from './ports.js';
import type { Contract } from './registry-entities.js';

export interface UpdateContractDependencies {
  contracts: Pick<ContractUpdateStore, 'get' | 'update'>;
}

/** Concurrent PATCHes of one contract's period: each lost write re-reads; beyond this, 409. */
const ATTEMPTS = 3;

/**
 * Changes who receives a contract's notices, its notice period or its reference (PATCH by its processor).
 *
 * 1. Normalise the addresses as at creation.
 * 2. Read the contract under its processor: another processor's contract is not found (404); an
 *    ended one cannot change (409; the write's condition also refuses one ended meanwhile).
 * 3. Write it conditionally on the period read, moving its notice-period item in the same
 *    transaction; a write lost to another PATCH re-reads and tries again.
 * A new period applies to notices published later: recipients already created keep theirs (the
 * fan-out copies the period into each recipient).
 */
export async function updateContract(
  processorId: string,
  contractId: string,
  changes: ContractChanges,
  deps: UpdateContractDependencies,
): Promise<Contract> {
  const normalised: ContractChanges = {
    ...changes,
    ...(changes.notifyEmails !== undefined && { notifyEmails: normaliseAddresses(changes.notifyEmails) }),
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const contract = await deps.contracts.get(processorId, contractId);
    if (contract === undefined) throw new NotFoundError(`no contract ${contractId} for processor ${processorId}`);
    if (contract.endedAt !== undefined) {
      throw new ConflictError(`contract ${contractId} ended at ${contract.endedAt}: an ended contract cannot change`);
    }
    if (await deps.contracts.update(contract, normalised)) {
      const { scopes, ...rest } = { ...contract, ...normalised };
      return { ...rest, ...(scopes !== null && scopes !== undefined && { scopes }) };
    }
  }
  throw new ConflictError(`contract ${contractId} is being changed concurrently: send again`);
}
