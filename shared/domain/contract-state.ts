import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import type { Contract } from './registry-entities.js';

/** `ended` once `endedAt` is set: an end date is never in the future (end-contract.ts). */
export type ContractState = 'active' | 'ended';

export function contractState(contract: Pick<Contract, 'endedAt'>): ContractState {
  return contract.endedAt === undefined ? 'active' : 'ended';
}

/**
 * Whether the client's own views may show the contract: only once the client confirmed it, so that a
 * processor cannot bind itself to a client and appear in that client's transfers, notices or
 * evidence (issue 11, "Any processor can bind itself to any client").
 */
export function confirmedByClient(contract: Pick<Contract, 'confirmation'>): boolean {
  return contract.confirmation === 'confirmed';
}

/** A contract as the API shows it to its processor and to its client (apiKeyId is internal evidence). */
export interface ContractView {
  id: string;
  processorId: string;
  clientId: string;
  notifyEmails: string[];
  noticePeriodDays: number;
  reference?: string;
  language: Language;
  scopes?: string[];
  createdAt: string;
  state: ContractState;
  endedAt: string | null;
  confirmation: NonNullable<Contract['confirmation']>;
  confirmationChangedAt: string | null;
  confirmationHistory: Array<{ confirmation: 'confirmed' | 'disputed'; at: string }>;
}

export function contractView(contract: Contract): ContractView {
  return {
    id: contract.id,
    processorId: contract.processorId,
    clientId: contract.clientId,
    notifyEmails: contract.notifyEmails,
    noticePeriodDays: contract.noticePeriodDays,
    ...(contract.reference !== undefined && { reference: contract.reference }),
    // A contract stored before languages existed reads English (its e-mails always were).
    language: contract.language ?? DEFAULT_LANGUAGE,
    ...(contract.scopes !== undefined && { scopes: contract.scopes }),
    createdAt: contract.createdAt,
    state: contractState(contract),
    endedAt: contract.endedAt ?? null,
    confirmation: contract.confirmation ?? 'pending',
    confirmationChangedAt: contract.confirmationChangedAt ?? null,
    confirmationHistory: (contract.confirmationHistory ?? []).map(({ confirmation, at }) => ({ confirmation, at })),
  };
}
