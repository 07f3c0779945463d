/**
 * The single DynamoDB table, declared once for the CDK stack and the local stack.
 * Entity chart and access patterns: README.md, "Data model".
 */
export const REGISTRY_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    /** Contracts of a client, across processors. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;
