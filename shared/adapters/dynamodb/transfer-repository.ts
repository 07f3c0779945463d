import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page, TransferStore } from '../../domain/ports.js';
import { isTransferInsideEea, type TransferRow } from '../../domain/transfers.js';
import { conditionalWrite } from './conditional-write.js';
import { decodeCursor, nextCursorOf } from './cursor.js';
import { keys, withoutTableAttributes } from './keys.js';
import { queryAll } from './query-all.js';

/** Parallel conditional writes when a version is projected (lists are small; this bounds bursts). */
const WRITE_CONCURRENCY = 10;

const destinationOf = (row: TransferRow) => row.entry.country ?? `IO:${row.entry.internationalOrganisation}`;

/**
 * Transfer rows. Patterns: a processor's rows (its partition, `TRANSFER#`); every processor's rows on
 * one side of the EEA border, by destination (gsi3, sparse); write a version's rows in order.
 */
export class TransferRepository implements TransferStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async forProcessor(processorId: string): Promise<TransferRow[]> {
    return queryAll(
      this.db,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.processor(processorId).pk, ':prefix': keys.transferPrefix },
      },
      (item) => withoutTableAttributes<TransferRow>(item),
    );
  }

  /**
   * A row leaves the index once its removal has taken effect, so the index holds live transfers
   * only; a pending removal stays listed (with its end date) until then.
   */
  async apply(rows: readonly TransferRow[], projectedAt: string): Promise<void> {
    const queue = [...rows];
    const writeNext = async (): Promise<void> => {
      const row = queue.shift();
      if (row === undefined) return;
      const listed = row.removedAt === undefined || row.removedAt > projectedAt;
      // Lost when a later version already projected this row: it stays as that version wrote it.
      await conditionalWrite(this.db, {
        Put: {
          TableName: this.tableName,
          Item: {
            ...row,
            ...keys.transfer(row.processorId, row.entryKey),
            ...(listed &&
              keys.transferByDestination(
                isTransferInsideEea(row.entry),
                destinationOf(row),
                row.processorId,
                row.entryKey,
              )),
            type: 'Transfer',
          },
          ConditionExpression: 'attribute_not_exists(pk) OR projectedVersion <= :version',
          ExpressionAttributeValues: { ':version': row.projectedVersion },
        },
      });
      return writeNext();
    };
    await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, writeNext));
  }

  async page(
    side: 'outside-eea' | 'eea',
    options: { destination?: string; limit: number; cursor?: string },
  ): Promise<Page<TransferRow>> {
    const sideKey = keys.transferSide(side === 'eea');
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression:
          options.destination === undefined ? 'gsi3pk = :side' : 'gsi3pk = :side AND begins_with(gsi3sk, :destination)',
        ExpressionAttributeValues: {
          ':side': sideKey,
          ...(options.destination !== undefined && { ':destination': `${options.destination}#` }),
        },
        Limit: options.limit,
        ...(options.cursor !== undefined && {
          ExclusiveStartKey: decodeCursor(options.cursor, {
            gsi3pk: { equals: sideKey },
            gsi3sk: { prefix: options.destination === undefined ? '' : `${options.destination}#` },
            pk: { prefix: keys.processorPrefix },
            sk: { prefix: keys.transferPrefix },
          }),
        }),
      }),
    );
    return { items: Items.map((item) => withoutTableAttributes<TransferRow>(item)), ...nextCursorOf(LastEvaluatedKey) };
  }
}
