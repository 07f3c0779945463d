/**
 * Every key of the single table is built here, so the entity chart in README.md has one source.
 * Version numbers are zero-padded so that sort order is numeric order.
 */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface ItemKey {
  pk: string;
  sk: string;
}

export const keys = {
  processor: (processorId: string): ItemKey => ({ pk: `PROCESSOR#${processorId}`, sk: 'PROFILE' }),
  client: (clientId: string): ItemKey => ({ pk: `CLIENT#${clientId}`, sk: 'PROFILE' }),
  apiKey: (apiKeyHash: string): ItemKey => ({ pk: `APIKEY#${apiKeyHash}`, sk: 'APIKEY' }),

  contract: (processorId: string, contractId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `CONTRACT#${contractId}`,
  }),
  contractPrefix: 'CONTRACT#',
  /** Guard item: at most one contract per processor × client. */
  contractWithClient: (processorId: string, clientId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `CLIENTLINK#${clientId}`,
  }),
  /** One item per contract, sorted by notice period, so the longest period is one Query. */
  noticePeriod: (processorId: string, noticePeriodDays: number, contractId: string): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `NOTICEPERIOD#${pad(noticePeriodDays, 4)}#${contractId}`,
  }),
  noticePeriodPrefix: 'NOTICEPERIOD#',
  /** gsi1: contracts of one client. */
  contractByClient: (clientId: string, processorId: string, contractId: string) => ({
    gsi1pk: `CLIENT#${clientId}`,
    gsi1sk: `CONTRACT#${processorId}#${contractId}`,
  }),

  listVersion: (processorId: string, version: number): ItemKey => ({
    pk: `PROCESSOR#${processorId}`,
    sk: `VERSION#${pad(version, 10)}`,
  }),
  listVersionPrefix: 'VERSION#',
} as const;

export type EntityType =
  | 'Processor'
  | 'Client'
  | 'ApiKey'
  | 'Contract'
  | 'ContractClientLink'
  | 'NoticePeriod'
  | 'ListVersion';
