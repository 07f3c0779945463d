import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { conditionalWrite, oldItemAt } from '../../shared/adapters/dynamodb/conditional-write.js';
import '../support/sdk-matchers.js';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-3' }));
const dynamo = mockClient(documentClient);

afterEach(() => {
  dynamo.reset();
});

const stored = { pk: 'P#1', sk: 'S', state: 'closed', counts: { objected: 2 }, emails: ['a@b.example'] };

describe('conditionalWrite', () => {
  it('asks for the old item and reports a write that happened', async () => {
    dynamo.on(PutCommand).resolves({});
    const result = await conditionalWrite(documentClient, {
      Put: { TableName: 'registry', Item: { pk: 'P#1', sk: 'S' }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    expect(result).toEqual({ written: true });
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('returns the item as it stood, in plain JavaScript, when the condition is lost', async () => {
    dynamo
      .on(UpdateCommand)
      .rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed', Item: marshall(stored) }));
    const result = await conditionalWrite(documentClient, {
      Update: {
        TableName: 'registry',
        Key: { pk: 'P#1', sk: 'S' },
        UpdateExpression: 'SET x = :x',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':x': 1 },
      },
    });
    expect(result).toEqual({ written: false, failures: [{ index: 0, oldItem: stored }] });
    expect(oldItemAt(result)).toEqual(stored);
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });

  it('reports a lost condition on a missing item with no old item', async () => {
    dynamo.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: 'failed' }));
    const result = await conditionalWrite(documentClient, {
      Update: { TableName: 'registry', Key: { pk: 'P#1', sk: 'S' }, UpdateExpression: 'SET x = :x' },
    });
    expect(result).toEqual({ written: false, failures: [{ index: 0, oldItem: undefined }] });
  });

  it('names each failed action of a transaction, and asks for old items only where a condition is set', async () => {
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        $metadata: {},
        message: 'cancelled',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: marshall(stored) }],
      }),
    );
    const result = await conditionalWrite(documentClient, {
      TransactItems: [
        { Put: { TableName: 'registry', Item: { pk: 'A', sk: 'A' } } },
        {
          Update: {
            TableName: 'registry',
            Key: { pk: 'P#1', sk: 'S' },
            UpdateExpression: 'SET x = :x',
            ConditionExpression: 'x = :y',
          },
        },
        {
          ConditionCheck: {
            TableName: 'registry',
            Key: { pk: 'C', sk: 'C' },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
    });
    expect(result).toEqual({ written: false, failures: [{ index: 1, oldItem: stored }] });
    expect(oldItemAt(result, 0)).toBeUndefined();
    const sent = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(sent?.[0]?.Put).not.toHaveProperty('ReturnValuesOnConditionCheckFailure');
    expect(sent?.[1]?.Update?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(sent?.[2]?.ConditionCheck?.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('throws a cancelled transaction whose conditions all held (a conflict or throttling is not a lost condition)', async () => {
    expect.assertions(1);
    const conflict = new TransactionCanceledException({
      $metadata: {},
      message: 'cancelled',
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
    });
    dynamo.on(TransactWriteCommand).rejects(conflict);
    await expect(
      conditionalWrite(documentClient, {
        TransactItems: [
          {
            Put: { TableName: 'registry', Item: { pk: 'A', sk: 'A' }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
        ],
      }),
    ).rejects.toBe(conflict);
  });

  it('throws any other SDK error as it came', async () => {
    expect.assertions(1);
    const throttled = new ProvisionedThroughputExceededException({ $metadata: {}, message: 'slow down' });
    dynamo.on(PutCommand).rejects(throttled);
    await expect(
      conditionalWrite(documentClient, {
        Put: { TableName: 'registry', Item: { pk: 'A', sk: 'A' }, ConditionExpression: 'attribute_not_exists(pk)' },
      }),
    ).rejects.toBe(throttled);
  });
});
