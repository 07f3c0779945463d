import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import type { Clock, ContractLifecycleStore } from './ports.js';
import type { Contract } from './registry-entities.js';

/**
 * How far ahead of the registry's clock an `endedAt` may be: the caller's clock may run a little
 * ahead. A contract that ends later is ended when it ends: the registry records facts, it does not
 * schedule them (and a future end would leave the contract half ended until then).
 */
export const END_CLOCK_ALLOWANCE_MS = 5 * 60_000;

/** Concurrent PATCHes of the contract's period: each lost write re-reads; beyond this, 409. */
const ATTEMPTS = 3;

export interface EndContractDependencies {
  contracts: Pick<ContractLifecycleStore, 'get' | 'end'>;
  clock: Clock;
}

function invalidEnd(rule: string, message: string): ValidationError {
  return new ValidationError(`endedAt: ${message}`, [{ path: 'endedAt', rule, message: `endedAt: ${message}` }]);
}

/**
 * Ends a contract (POST /processors/{id}/contracts/{contractId}/end, by its processor).
 *
 * 1. The end time: the one given (an earlier date, e.g. the contract's term) or now; never before the
 *    contract was created, never ahead of the registry's clock beyond the allowance (400 naming endedAt).
 * 2. Read the contract under its processor: another processor's contract is not found (404); one
 *    already ended is a conflict (409, naming when).
 * 3. Write the end conditionally on the contract as read, in one transaction with the release of the
 *    processor × client guard (a new contract with the same client may follow) and the removal of
 *    its notice-period item. A write lost to a concurrent PATCH re-reads and tries again.
 * From then on the fan-out skips it: no later notice. Windows already open close as usual (the
 * close path reads recipients, not contracts); its notices, decisions and evidence stay.
 */
export async function endContract(
  processorId: string,
  contractId: string,
  request: { endedAt?: string },
  deps: EndContractDependencies,
): Promise<Contract> {
  const now = deps.clock.now().getTime();
  const endedAtMs = request.endedAt === undefined ? now : Date.parse(request.endedAt);
  if (endedAtMs > now + END_CLOCK_ALLOWANCE_MS) {
    throw invalidEnd(
      'not-in-future',
      'must not be in the future; end the contract when it ends (or leave it out: now)',
    );
  }
  const endedAt = new Date(endedAtMs).toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const contract = await deps.contracts.get(processorId, contractId);
    if (contract === undefined) throw new NotFoundError(`no contract ${contractId} for processor ${processorId}`);
    if (contract.endedAt !== undefined)
      throw new ConflictError(`contract ${contractId} ended already, at ${contract.endedAt}`);
    if (endedAtMs < Date.parse(contract.createdAt)) {
      throw invalidEnd('not-before-creation', `must not be before the contract was created (${contract.createdAt})`);
    }
    const result = await deps.contracts.end(contract, endedAt);
    if (result.written) return { ...contract, endedAt };
    if (result.current === undefined) throw new NotFoundError(`no contract ${contractId} for processor ${processorId}`);
    if (result.current.endedAt !== undefined) {
      throw new ConflictError(`contract ${contractId} ended already, at ${result.current.endedAt}`);
    }
  }
  throw new ConflictError(`contract ${contractId} is being changed concurrently: send again`);
}
