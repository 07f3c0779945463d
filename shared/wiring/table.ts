/**
 * The single DynamoDB table, declared once for the CDK stack and the local stack.
 * Entity chart and access patterns: README.md, "Data model".
 */
export const REGISTRY_TABLE = {
  partitionKey: 'pk',
  /** Old and new images: consumers see what changed (e.g. a decision newly recorded). */
  stream: 'NEW_AND_OLD_IMAGES',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    /** Contracts of a client across processors; notices of a processor. */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Sparse: notices with windows still open, by the time the next one closes (the sweep). */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Sparse: transfer rows by side of the EEA border and destination (the legal queries). */
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;
