import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS SDK clients every function uses, created once per cold start; the notice functions' own
 * clients live in notification-services.ts, so API functions do not bundle them. Endpoints come from
 * the SDK's own environment variables (AWS_ENDPOINT_URL_DYNAMODB, _SES, _EVENTBRIDGE, _SQS,
 * _SCHEDULER), so the local stack needs no code branch.
 */
export const dynamoDbClient = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const eventBridgeClient = new EventBridgeClient({});
