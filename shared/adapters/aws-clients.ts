import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS SDK clients, created once per cold start. Endpoints come from the SDK's own environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB for DynamoDB Local), so the local stack needs no code branch.
 */
export const dynamoDbClient = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});
