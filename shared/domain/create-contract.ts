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
 * 3. Store it `pending` the client's confirmation (conditional: one active contract per processor
 *    and client), with its creation time: notices published before it do not reach it. The client id
 *    is not looked up: an unknown and a foreign id get the same 201, so ids cannot be probed, and
 *    the client's own views show the contract only once that client confirms it.
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
    confirmation: 'pending',
  };
  await deps.contracts.create(contract);
  return contract;
}
