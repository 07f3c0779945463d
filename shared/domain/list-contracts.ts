import { type ContractView, contractView } from './contract-state.js';
import { NotFoundError } from './errors.js';
import type { ClientContractStore, ContractLifecycleStore, Page, ProcessorStore } from './ports.js';

/** A processor's contracts, a page at a time in id order; `state` keeps only the active or the ended ones. */
export async function listProcessorContracts(
  processorId: string,
  query: { state?: 'active' | 'ended'; limit: number; cursor?: string },
  deps: { contracts: Pick<ContractLifecycleStore, 'pageByState'> },
): Promise<Page<ContractView>> {
  const page = await deps.contracts.pageByState(processorId, query);
  return { items: page.items.map(contractView), ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
}

/** One contract of the processor; another processor's is not found. */
export async function getProcessorContract(
  processorId: string,
  contractId: string,
  deps: { contracts: Pick<ContractLifecycleStore, 'get'> },
): Promise<ContractView> {
  const contract = await deps.contracts.get(processorId, contractId);
  if (contract === undefined) throw new NotFoundError(`no contract ${contractId} for processor ${processorId}`);
  return contractView(contract);
}

export type ClientContractView = ContractView & { processorName: string | null };

/**
 * Every contract naming the client, whatever its state or confirmation, with the processor's name:
 * what the client confirms or disputes. A contract by a processor since removed shows `null`.
 */
export async function listClientContracts(
  clientId: string,
  query: { limit: number; cursor?: string },
  deps: { clientContracts: Pick<ClientContractStore, 'pageForClient'>; processors: Pick<ProcessorStore, 'get'> },
): Promise<Page<ClientContractView>> {
  const page = await deps.clientContracts.pageForClient(clientId, query);
  const processorIds = [...new Set(page.items.map((contract) => contract.processorId))];
  const processors = await Promise.all(processorIds.map((id) => deps.processors.get(id)));
  const names = new Map(processorIds.map((id, index) => [id, processors[index]?.name ?? null]));
  return {
    items: page.items.map((contract) => ({
      ...contractView(contract),
      processorName: names.get(contract.processorId) ?? null,
    })),
    ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
  };
}
