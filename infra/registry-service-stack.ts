import { type CfnElement, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type BaseEnvironment, ENV, type NotificationEnvironment } from '../shared/wiring/environment.js';
import {
  DEAD_LETTER_CONSUMERS,
  EVENT_RULES,
  type FunctionTarget,
  QUEUES,
  SCHEDULES,
  STREAM_CONSUMERS,
  WEBHOOK_QUEUE,
} from '../shared/wiring/events.js';
import { METHOD_NOT_ALLOWED, ROUTE_LIST, ROUTES } from '../shared/wiring/routes.js';
import { REGISTRY_TABLE } from '../shared/wiring/table.js';
import { RegistryAlarms } from './constructs/alarms.js';
import { NoticeEmail } from './constructs/notice-email.js';
import { NoticeQueues } from './constructs/notice-queues.js';
import { RegistryApi } from './constructs/registry-api.js';
import { RegistryFunction } from './constructs/registry-function.js';
import { logicalIdWithoutGroups } from './constructs/resource-group.js';
import { WebhookDelivery } from './constructs/webhook-delivery.js';
import { WindowScheduling } from './constructs/window-scheduling.js';
import type { DeploymentSettings } from './deployment-settings.js';

export interface RegistryServiceStackProps extends StackProps {
  table: ITable;
  bus: IEventBus;
  settings: DeploymentSettings;
}

/** How a function is invoked, which decides where its failed invocations are kept. */
type Invoker = { kind: 'http' | 'stream' | 'queue' } | { kind: 'async'; failures: IQueue };

/** Why each kind of function needs no dead-letter queue of its own (cdk-nag Serverless pack). */
const FAILED_INVOCATIONS_KEPT_BY: Record<Invoker['kind'], Record<string, string>> = {
  http: {
    'Serverless-LambdaDLQ':
      'Invoked synchronously by the HTTP API: the caller receives the error; a dead-letter queue only receives failed asynchronous invocations',
  },
  stream: {
    'Serverless-LambdaDLQ':
      'Invoked by its DynamoDB stream event source mapping, whose on-failure destination keeps the records that failed',
  },
  queue: {
    'Serverless-LambdaDLQ':
      "Invoked by its SQS event source mapping: a message that keeps failing moves to the source queue's dead-letter queue",
    'Serverless-LambdaEventSourceMappingDestination':
      "SQS event source mappings take no on-failure destination: the source queue's redrive policy keeps failed messages",
  },
  async: {
    'Serverless-LambdaDLQ':
      'Invoked asynchronously: failures go to an on-failure destination, which keeps the error with the event where a dead-letter queue keeps the event only',
  },
};

/**
 * Everything that can be redeployed at will: one function per handler, the HTTP API from the shared
 * route table, and the notice pipeline from the shared wiring tables (stream consumer, bus rules,
 * queues, schedules), with dead-letter queues and alarms on every asynchronous path. The parts live in
 * infra/constructs/ as resource groups, which keep the logical ids the flat stack deployed.
 */
export class RegistryServiceStack extends Stack {
  readonly api: RegistryApi['api'];

  constructor(scope: Construct, id: string, props: RegistryServiceStackProps) {
    super(scope, id, props);
    const { table, bus, settings } = props;

    const alarms = new RegistryAlarms(this, 'Alarms', {
      ...(settings.alarmEmail !== undefined && { alarmEmail: settings.alarmEmail }),
    });
    const queues = new NoticeQueues(this, 'Queues', { alarms });
    const scheduling = new WindowScheduling(this, 'Scheduling', { alarms });
    const email = new NoticeEmail(this, 'Email', { senderEmail: settings.senderEmail, alarms });
    const webhooks = new WebhookDelivery(this, 'Webhooks', { alarms });
    const http = new RegistryApi(this, 'Api', { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit });
    this.api = http.api;

    // --- Functions ------------------------------------------------------------------------------
    const baseEnvironment: BaseEnvironment = {
      [ENV.tableName]: table.tableName,
      [ENV.eventBusName]: bus.eventBusName,
      [ENV.adminApiKeySha256]: settings.adminApiKeySha256,
    };
    const notificationEnvironment: NotificationEnvironment = {
      [ENV.publicBaseUrl]: settings.publicBaseUrl ?? this.api.apiEndpoint,
      [ENV.senderEmail]: settings.senderEmail,
      [ENV.sesConfigurationSet]: email.configurationSet.configurationSetName,
      [ENV.sesSendsPerSecond]: String(settings.sesSendsPerSecond),
      [QUEUES.noticeFanOut.urlVariable]: queues.byName.noticeFanOut.queueUrl,
      [QUEUES.noticeEmails.urlVariable]: queues.byName.noticeEmails.queueUrl,
      [ENV.schedulerGroup]: scheduling.group.scheduleGroupName,
      [ENV.closeWindowsFunctionArn]: scheduling.closeFunctionArn,
      [ENV.schedulerRoleArn]: scheduling.role.roleArn,
      [ENV.schedulerDeadLetterArn]: scheduling.deadLetters.queueArn,
    };

    // What the code does to the table, and nothing else: no Scan, no DeleteItem (outcomes and list
    // versions are append-only evidence), on the table and its named indexes only.
    const tablePolicy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [
        'dynamodb:GetItem',
        // A publish reads the profile and the If-Match version at once; pages read their versions' effects.
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
      ],
      resources: [
        table.tableArn,
        ...REGISTRY_TABLE.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`),
      ],
    });
    // The HTTP functions that only use the table have exactly the same permissions (the table statement,
    // logs and X-Ray): they share one role. A role and a policy per function would take the stack past
    // CloudFormation's 500 resources; a function with more (a capability, a delete) keeps its own.
    const tableOnlyRole = new Role(this, 'TableOnlyFunctionRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'HTTP functions that read and write the registry table and nothing else',
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    tableOnlyRole.addToPolicy(tablePolicy);
    const registryFunction = (
      target: FunctionTarget,
      { invokedBy, ...options }: { timeout?: Duration; functionName?: string; invokedBy: Invoker; tableOnly?: boolean },
    ): IFunction => {
      const sendsNotices = target.capabilities?.includes('sendNotices') ?? false;
      const queuesWebhooks = target.capabilities?.includes('queueWebhooks') ?? false;
      const { tableOnly, ...functionOptions } = options;
      const fn = new RegistryFunction(this, target.name, {
        target,
        environment: withoutUnset({
          ...baseEnvironment,
          ...(sendsNotices && notificationEnvironment),
          ...(queuesWebhooks && webhooks.environment),
        }),
        ...functionOptions,
        ...(tableOnly === true && { role: tableOnlyRole }),
      }).function;
      if (invokedBy.kind === 'async') {
        // Lambda's own retries of an asynchronous invocation, then the failure is kept, not dropped.
        fn.configureAsyncInvoke({
          retryAttempts: 2,
          maxEventAge: Duration.hours(6),
          onFailure: new SqsDestination(invokedBy.failures),
        });
      }
      for (const [id, reason] of Object.entries(FAILED_INVOCATIONS_KEPT_BY[invokedBy.kind])) {
        Validations.of(fn).acknowledge({ id, reason });
      }
      if (tableOnly !== true) fn.addToRolePolicy(tablePolicy);
      if (target.capabilities?.includes('publishEvents')) bus.grantPutEventsTo(fn);
      if (sendsNotices) {
        fn.addToRolePolicy(email.sendPolicy);
        for (const queue of Object.values(queues.byName)) queue.grantSendMessages(fn);
        scheduling.grantArming(fn);
      }
      if (queuesWebhooks) webhooks.grantQueueing(fn);
      return fn;
    };

    const ownPolicies: readonly string[] = [ROUTES.health.name, ROUTES.updateContract.name, ROUTES.endContract.name];
    for (const route of ROUTE_LIST) {
      const capabilities: readonly string[] = ('capabilities' in route ? route.capabilities : undefined) ?? [];
      const fn = registryFunction(route, {
        invokedBy: { kind: 'http' },
        tableOnly: capabilities.length === 0 && !ownPolicies.includes(route.name),
      });
      if (route.name === ROUTES.health.name) {
        // The health check asks DynamoDB about the table (metadata only, no item).
        fn.addToRolePolicy(
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: ['dynamodb:DescribeTable'],
            resources: [table.tableArn],
          }),
        );
      }
      if (route.name === ROUTES.updateContract.name || route.name === ROUTES.endContract.name) {
        // A contract's notice-period index item moves when its period changes and goes when the
        // contract ends (keys.ts, NOTICEPERIOD): the only deletes of the application, on those two
        // functions only; evidence stays append-only.
        fn.addToRolePolicy(
          new PolicyStatement({ effect: Effect.ALLOW, actions: ['dynamodb:DeleteItem'], resources: [table.tableArn] }),
        );
      }
      http.addRoute(route, fn);
    }
    // Any other method on a known path: 405 with Allow.
    http.addMethodNotAllowed(registryFunction(METHOD_NOT_ALLOWED, { invokedBy: { kind: 'http' }, tableOnly: true }));

    // Stream → bus: a stored version is followed by its event. Failures retry with the batch split
    // in halves; a record that still fails is kept (as a pointer into the stream) for replay.
    const streamDeadLetters = alarms.deadLetterQueue(
      'StreamDeadLetters',
      'A stored change could not be published as an event',
    );
    for (const consumer of Object.values(STREAM_CONSUMERS)) {
      registryFunction(consumer, { timeout: Duration.seconds(30), invokedBy: { kind: 'stream' } }).addEventSource(
        new DynamoEventSource(table, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          bisectBatchOnError: true,
          retryAttempts: 20,
          onFailure: new SqsDlq(streamDeadLetters),
          filters: consumer.filterPatterns.map((pattern) => FilterCriteria.filter(pattern)),
        }),
      );
    }

    // Bus rules → functions, invoked asynchronously: retried, then kept in a dead-letter queue.
    const eventDeadLetters = alarms.deadLetterQueue('EventDeadLetters', 'An event could not be handled');
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBusForRules', 'default');
    for (const rule of Object.values(EVENT_RULES)) {
      const fn = registryFunction(rule, {
        timeout: Duration.seconds('timeoutSeconds' in rule ? rule.timeoutSeconds : 30),
        invokedBy: { kind: 'async', failures: eventDeadLetters },
      });
      // The wiring uses EventBridge's own JSON keys; CDK spells `detail-type` as detailType.
      const pattern: EventPattern = {
        source: [...rule.pattern.source],
        detailType: [...rule.pattern['detail-type']],
        ...('detail' in rule.pattern && { detail: rule.pattern.detail }),
      };
      new Rule(this, `${rule.name}Rule`, {
        eventBus: rule.bus === 'default' ? defaultBus : bus,
        eventPattern: pattern,
        targets: [
          new LambdaFunction(fn, {
            deadLetterQueue: eventDeadLetters,
            retryAttempts: 20,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
    }

    // Queue consumers, from the shared QUEUES table.
    for (const definition of Object.values(QUEUES)) {
      const timeout = NoticeQueues.consumerTimeout(definition);
      queues.consumeWith(definition, registryFunction(definition, { timeout, invokedBy: { kind: 'queue' } }));
    }

    // Webhook attempts: one consumer of the delivery queue, which queues its own retries.
    webhooks.consumeWith(
      registryFunction(WEBHOOK_QUEUE, { timeout: WebhookDelivery.consumerTimeout(), invokedBy: { kind: 'queue' } }),
    );

    // Dead-letter consumers: a job out of retries is acted on (an e-mail marked failed), from the shared table.
    for (const consumer of Object.values(DEAD_LETTER_CONSUMERS)) {
      const timeout = Duration.seconds(consumer.timeoutSeconds);
      queues.consumeDeadLettersWith(consumer, registryFunction(consumer, { timeout, invokedBy: { kind: 'queue' } }));
    }

    // Window close: one-time schedules created at run time in the group, and the periodic sweep.
    // Scheduler invokes asynchronously: its dead-letter queue keeps what it could not hand to Lambda,
    // the on-failure destination what Lambda then failed to run.
    const closeFunction = registryFunction(SCHEDULES.closeDueWindows, {
      timeout: Duration.minutes(5),
      functionName: scheduling.closeFunctionName,
      invokedBy: { kind: 'async', failures: scheduling.deadLetters },
    });
    scheduling.addSweep(closeFunction);

    // Reminders before a window closes: an hourly pass, on the same scheduler role and dead letters.
    const reminderFunction = registryFunction(SCHEDULES.sendDueReminders, {
      timeout: Duration.minutes(5),
      invokedBy: { kind: 'async', failures: scheduling.deadLetters },
    });
    scheduling.addReminderSweep(reminderFunction);
  }

  /** Resource groups (infra/constructs/) keep out of logical ids: see resource-group.ts. */
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutGroups(this, element);
  }
}

/** Lambda environment values are strings; an optional variable that is not set is left out. */
function withoutUnset(environment: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
