import { ConflictError, NotFoundError } from './errors.js';
import type { ClientContractStore, Clock } from './ports.js';
import type { Contract } from './registry-entities.js';

export interface ConfirmContractDependencies {
  clientContracts: Pick<ClientContractStore, 'findForClient' | 'setConfirmation'>;
  clock: Clock;
}

/** The same answer for an unknown contract id and another client's: ids cannot be probed. */
export const noContractOfClient = (clientId: string, contractId: string) =>
  new NotFoundError(`no contract ${contractId} names client ${clientId}`);

/**
 * A client confirms that a contract naming it is its own, or disputes it
 * (POST /clients/{id}/contracts/{contractId}/confirm and …/dispute, with that client's key).
 *
 * 1. Find the contract among those naming the client: an unknown id and another client's contract
 *    get the same 404.
 * 2. Write the new state conditionally (it names this client, its state differs), appending the
 *    change with its time to the contract's history: confirming after a dispute and disputing after a
 *    confirmation are both allowed, each recorded. Asking for the state the contract already has
 *    changes nothing and answers it as it is (a retried request is harmless).
 * Only a confirmed contract is part of the client's own views (transfers, notices, evidence,
 * decisions through the API); notices go to the contract's addresses whatever the state.
 */
export async function setContractConfirmation(
  clientId: string,
  contractId: string,
  confirmation: 'confirmed' | 'disputed',
  origin: { apiKeyId?: string },
  deps: ConfirmContractDependencies,
): Promise<{ contract: Contract; changed: boolean }> {
  const contract = await deps.clientContracts.findForClient(clientId, contractId);
  if (contract === undefined) throw noContractOfClient(clientId, contractId);
  if (contract.confirmation === confirmation) return { contract, changed: false };
  const result = await deps.clientContracts.setConfirmation(contract, {
    confirmation,
    at: deps.clock.now().toISOString(),
    ...(origin.apiKeyId !== undefined && { apiKeyId: origin.apiKeyId }),
  });
  if (result.written) return { contract: result.contract, changed: true };
  const current = result.current;
  if (current === undefined || current.clientId !== clientId) throw noContractOfClient(clientId, contractId);
  // Another request set the same state first: the outcome asked for stands.
  if (current.confirmation === confirmation) return { contract: current, changed: false };
  throw new ConflictError(
    `contract ${contractId} was confirmed or disputed too many times (${current.confirmationHistory?.length ?? 0}); ask the operator`,
  );
}
