import { ArnFormat, type CfnElement, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVENT_RULES, type FunctionTarget, QUEUES, SCHEDULES, STREAM_CONSUMERS } from '../shared/wiring/events.js';
import { KNOWN_PATHS, METHOD_NOT_ALLOWED, ROUTE_LIST } from '../shared/wiring/routes.js';
import { REGISTRY_TABLE } from '../shared/wiring/table.js';
import { RegistryFunction } from './constructs/registry-function.js';
import type { DeploymentSettings } from './deployment-settings.js';

export interface RegistryServiceStackProps extends StackProps {
  table: ITable;
  bus: IEventBus;
  settings: DeploymentSettings;
}

/**
 * SES puts an account under review at a 5 % bounce rate and a 0.1 % complaint rate, and may pause
 * sending soon after: alarm well before (2 %, 0.05 %), while there is still time to act.
 */
const BOUNCE_RATE_ALARM = 0.02;
const COMPLAINT_RATE_ALARM = 0.0005;

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
 * queues, schedules), with dead-letter queues and alarms on every asynchronous path.
 */
export class RegistryServiceStack extends Stack {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: RegistryServiceStackProps) {
    super(scope, id, props);
    const { table, bus, settings } = props;

    const alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Subprocessor Registry alarms', enforceSSL: true });
    if (settings.alarmEmail !== undefined) {
      alarmTopic.addSubscription(new EmailSubscription(settings.alarmEmail));
      Validations.of(alarmTopic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An alarm e-mail SNS cannot deliver needs no queue: the alarm itself stays in ALARM in CloudWatch, and a queue of missed alarms would need an alarm of its own',
      });
    }
    Validations.of(alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names only, no personal data; CloudWatch can publish to an encrypted topic only through a customer-managed KMS key, which is not worth its cost here',
    });
    const alarmOnDepth = (queue: Queue, what: string) =>
      new Alarm(this, `${queue.node.id}Depth`, {
        alarmDescription: `${what}: messages are waiting in ${queue.node.id}; inspect and redrive them`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarmTopic));
    const deadLetterQueue = (queueId: string, what: string) => {
      const queue = new Queue(this, queueId, {
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
        Validations.of(queue).acknowledge({
          id,
          reason:
            'This queue is itself a dead-letter queue: its messages wait for a person (depth alarm) and a redrive',
        });
      }
      alarmOnDepth(queue, what);
      return queue;
    };

    // --- Queues (fan-out pages, e-mails), each with its dead-letter queue and redrive ---------------
    const queues = Object.fromEntries(
      Object.values(QUEUES).map((definition) => {
        const dlq = deadLetterQueue(`${definition.name}DeadLetters`, `${definition.name} jobs failed repeatedly`);
        const queue = new Queue(this, `${definition.name}Queue`, {
          visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
          retentionPeriod: Duration.days(14),
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          deadLetterQueue: { queue: dlq, maxReceiveCount: definition.maxReceiveCount },
        });
        return [definition.name, queue];
      }),
    ) as Record<keyof typeof QUEUES, Queue>;

    // --- Window-closing schedules: a group for the one-time schedules, a role they run as ----------
    const scheduleGroup = new ScheduleGroup(this, 'WindowSchedules', {
      scheduleGroupName: `${this.stackName}-windows`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const schedulerDeadLetters = deadLetterQueue('SchedulerDeadLetters', 'A window-closing schedule could not run');
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'Runs the window-closing schedules',
    });
    schedulerDeadLetters.grantSendMessages(schedulerRole);
    // Fixed name: the function's own environment needs its ARN (it re-arms schedules), and a token
    // there would reference the function from itself.
    const closeFunctionName = `${this.stackName}-${SCHEDULES.closeDueWindows.name}`.slice(0, 64);
    const closeFunctionArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: closeFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // --- SES: configuration set whose delivery events reach the default bus --------------------
    const configurationSet = new ConfigurationSet(this, 'NoticeEmails', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    configurationSet.addEventDestination('ToEventBridge', {
      // SES delivers configuration-set events to the account's default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      // No OPEN or CLICK: mail scanners produce them, they are never evidence.
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
        EmailSendingEvent.DELIVERY_DELAY,
        EmailSendingEvent.RENDERING_FAILURE,
      ],
    });
    const sesMetricAlarm = (metricName: string, threshold: number, description: string) =>
      new Alarm(this, `Ses${metricName.replace(/\W/g, '')}`, {
        alarmDescription: description,
        metric: new Metric({
          namespace: 'AWS/SES',
          metricName,
          statistic: 'Maximum',
          period: Duration.hours(1),
        }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarmTopic));
    sesMetricAlarm('Reputation.BounceRate', BOUNCE_RATE_ALARM, 'SES bounce rate at 2 % (review at 5 %)');
    sesMetricAlarm('Reputation.ComplaintRate', COMPLAINT_RATE_ALARM, 'SES complaint rate at 0.05 % (review at 0.1 %)');

    // --- HTTP API ----------------------------------------------------------------------------
    this.api = new HttpApi(this, 'HttpApi', {
      description: 'Subprocessor Registry',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.apiRateLimit, burstLimit: settings.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key, never the path: objection paths carry the client's token.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            error: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const publicBaseUrl = settings.publicBaseUrl ?? this.api.apiEndpoint;

    // --- Functions ------------------------------------------------------------------------------
    const baseEnvironment = {
      TABLE_NAME: table.tableName,
      EVENT_BUS_NAME: bus.eventBusName,
      ADMIN_API_KEY_SHA256: settings.adminApiKeySha256,
    };
    const notificationEnvironment = {
      PUBLIC_BASE_URL: publicBaseUrl,
      SENDER_EMAIL: settings.senderEmail,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      SES_SENDS_PER_SECOND: String(settings.sesSendsPerSecond),
      ...Object.fromEntries(Object.values(QUEUES).map((q) => [q.urlVariable, queues[q.name].queueUrl])),
      SCHEDULER_GROUP: scheduleGroup.scheduleGroupName,
      CLOSE_WINDOWS_FUNCTION_ARN: closeFunctionArn,
      SCHEDULER_ROLE_ARN: schedulerRole.roleArn,
      SCHEDULER_DLQ_ARN: schedulerDeadLetters.queueArn,
    };
    const sendPolicy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      // The sender is verified either as this address or as its domain.
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.senderEmail }),
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.senderEmail.split('@')[1] }),
        this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': settings.senderEmail } },
    });

    // What the code does to the table, and nothing else: no Scan, no DeleteItem (outcomes and list
    // versions are append-only evidence), on the table and its named indexes only.
    const tablePolicy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [
        'dynamodb:GetItem',
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
    const registryFunction = (
      target: FunctionTarget,
      { invokedBy, ...options }: { timeout?: Duration; functionName?: string; invokedBy: Invoker },
    ): IFunction => {
      const sendsNotices = target.capabilities?.includes('sendNotices') ?? false;
      const fn = new RegistryFunction(this, target.name, {
        target,
        environment: { ...baseEnvironment, ...(sendsNotices && notificationEnvironment) },
        ...options,
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
      fn.addToRolePolicy(tablePolicy);
      if (target.capabilities?.includes('publishEvents')) bus.grantPutEventsTo(fn);
      if (sendsNotices) {
        fn.addToRolePolicy(sendPolicy);
        for (const queue of Object.values(queues)) queue.grantSendMessages(fn);
        scheduleGroup.grantWriteSchedules(fn);
        schedulerRole.grantPassRole(fn.grantPrincipal);
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroup.scheduleGroupName}/*]`,
          reason: 'One-time schedules are named per notice at run time; the grant is limited to their own group',
        });
      }
      return fn;
    };

    for (const route of ROUTE_LIST) {
      const integration = new HttpLambdaIntegration(
        `${route.name}Integration`,
        registryFunction(route, { invokedBy: { kind: 'http' } }),
      );
      const methods = [HttpMethod[route.method], ...(route.alsoHead === true ? [HttpMethod.HEAD] : [])];
      this.api.addRoutes({ path: route.path, methods, integration });
    }
    // Any other method on a known path: 405 with Allow (a route with a method wins over ANY).
    const notAllowed = registryFunction(METHOD_NOT_ALLOWED, { invokedBy: { kind: 'http' } });
    const notAllowedIntegration = new HttpLambdaIntegration('methodNotAllowedIntegration', notAllowed);
    for (const path of KNOWN_PATHS) {
      this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration: notAllowedIntegration });
    }

    // Stream → bus: a stored version is followed by its event. Failures retry with the batch split
    // in halves; a record that still fails is kept (as a pointer into the stream) for replay.
    const streamDeadLetters = deadLetterQueue(
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
    const eventDeadLetters = deadLetterQueue('EventDeadLetters', 'An event could not be handled');
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBusForRules', 'default');
    for (const rule of Object.values(EVENT_RULES)) {
      const fn = registryFunction(rule, {
        timeout: Duration.seconds(30),
        invokedBy: { kind: 'async', failures: eventDeadLetters },
      });
      // The wiring uses EventBridge's own JSON keys; CDK spells `detail-type` as detailType.
      const pattern: EventPattern = { source: [...rule.pattern.source], detailType: [...rule.pattern['detail-type']] };
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

    // Queue consumers: bounded concurrency keeps the SES rate; failed records alone are retried.
    for (const definition of Object.values(QUEUES)) {
      // A message must not become visible again while its first receiver still works on it.
      const timeout = Duration.seconds(Math.floor(definition.visibilityTimeoutSeconds / 2));
      registryFunction(definition, { timeout, invokedBy: { kind: 'queue' } }).addEventSource(
        new SqsEventSource(queues[definition.name], {
          batchSize: definition.batchSize,
          maxConcurrency: definition.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    // Window close: one-time schedules created at run time in the group, and the periodic sweep.
    const close = SCHEDULES.closeDueWindows;
    // Scheduler invokes asynchronously: its dead-letter queue keeps what it could not hand to Lambda,
    // the on-failure destination what Lambda then failed to run.
    const closeFunction = registryFunction(close, {
      timeout: Duration.minutes(5),
      functionName: closeFunctionName,
      invokedBy: { kind: 'async', failures: schedulerDeadLetters },
    });
    new Schedule(this, 'CloseSweep', {
      description: 'Safety net: closes every window that is due, hourly',
      schedule: ScheduleExpression.expression(close.sweepExpression),
      scheduleGroup,
      target: new LambdaInvoke(closeFunction, {
        role: schedulerRole,
        deadLetterQueue: schedulerDeadLetters,
        retryAttempts: 20,
        maxEventAge: Duration.hours(1),
        input: ScheduleTargetInput.fromObject({ sweep: true }),
      }),
    });
    const closeFunctionLogicalId = this.getLogicalId(closeFunction.node.defaultChild as CfnElement);
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${closeFunctionLogicalId}.Arn>:*]`,
      reason: 'Invoking the close function includes its versions and aliases; it is the only function granted',
    });
  }
}
