import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import { DEFAULT_NOTICE_PERIOD_DAYS } from '../legal/reference.js';
import { newId } from './ids.js';
import type { Clock, ContractStore, ProcessorProfileStore } from './ports.js';
import type { Contract } from './registry-entities.js';

export interface ContractRequest {
  processorId: string;
  clientId: string;
  notifyEmails: readonly string[];
  /** Absent: the registry's default (Art. 28(2) GDPR sets no period). */
  noticePeriodDays?: number;
  reference?: string;
  /** Absent: the processor's `defaultLanguage`. */
  language?: Language;
  scopes?: string[];
}

/**
 * Lower case (the domain part is case-insensitive and the local part is in practice), each once, so
 * one person does not get the same notice twice. Creation and PATCH both apply it.
 */
export function normaliseAddresses(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((email) => email.toLowerCase()))];
}

export interface CreateContractDependencies {
  contracts: Pick<ContractStore, 'create'>;
  processors: Pick<ProcessorProfileStore, 'get'>;
  clock: Clock;
}

/**
 * Records a contract between a processor and a client: who receives its notices, and the notice period.
 *
 * 1. Normalise the addresses: lower case (the domain part is case-insensitive and the local part is
 *    in practice), each once, so one person does not get the same notice twice.
 * 2. Apply the default notice period when none is agreed, and the processor's default language when
 *    none is asked (read now and kept: a later change of the default leaves existing contracts as they are).
 * 3. Store it (conditional: one contract per processor and client; the client must exist), with its
 *    creation time: notices published before it do not reach it.
 */
export async function createContract(request: ContractRequest, deps: CreateContractDependencies): Promise<Contract> {
  const language =
    request.language ?? (await deps.processors.get(request.processorId))?.defaultLanguage ?? DEFAULT_LANGUAGE;
  const contract: Contract = {
    id: newId('ctr'),
    processorId: request.processorId,
    clientId: request.clientId,
    notifyEmails: normaliseAddresses(request.notifyEmails),
    noticePeriodDays: request.noticePeriodDays ?? DEFAULT_NOTICE_PERIOD_DAYS,
    ...(request.reference !== undefined && { reference: request.reference }),
    language,
    ...(request.scopes !== undefined && { scopes: request.scopes }),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.contracts.create(contract);
  return contract;
}
