import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * AWS SDK clients, created once per cold start. Endpoints come from the SDK's own environment
 * variables (AWS_ENDPOINT_URL_DYNAMODB, _SES, _EVENTBRIDGE, _SQS, _SCHEDULER), so the local stack
 * needs no code branch.
 */
export const dynamoDbClient = new DynamoDBClient({});

export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

export const eventBridgeClient = new EventBridgeClient({});
export const sesClient = new SESClient({});
export const sqsClient = new SQSClient({});
export const schedulerClient = new SchedulerClient({});
