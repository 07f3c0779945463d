import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentSettings } from '../../infra/deployment-settings.js';
import { functionEntries, LAMBDA_NODE_MAJOR } from '../../infra/lambda-bundling.js';
import { buildRegistryApp } from '../../infra/registry-app.js';
import { REGISTRY_EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { ENV } from '../../shared/wiring/environment.js';
import {
  DEAD_LETTER_CONSUMERS,
  EVENT_RULES,
  QUEUES,
  SCHEDULES,
  STREAM_CONSUMERS,
  WEBHOOK_QUEUE,
} from '../../shared/wiring/events.js';
import { KNOWN_PATHS, ROUTE_LIST, ROUTES } from '../../shared/wiring/routes.js';
import { REGISTRY_TABLE } from '../../shared/wiring/table.js';
import DEPLOYED_LOGICAL_IDS from './deployed-logical-ids.json' with { type: 'json' };

const ADMIN_DIGEST = 'a'.repeat(64);
const CONTEXT = {
  // Bundling is checked by `npm run synth`; here it would only slow the assertions down.
  'aws:cdk:bundling-stacks': [],
  adminApiKeySha256: ADMIN_DIGEST,
  senderEmail: 'notices@registry.example',
  alarmEmail: 'ops@registry.example',
};

function synthesise(context: Record<string, unknown> = CONTEXT) {
  const app = new App({ context });
  const stacks = buildRegistryApp(app, deploymentSettings(app));
  return { app, ...stacks };
}

let data: Template;
let service: Template;
beforeAll(() => {
  const built = synthesise();
  built.app.synth(); // runs cdk-nag: throws on any finding not acknowledged
  data = Template.fromStack(built.data);
  service = Template.fromStack(built.service);
});

const ASYNC_TARGETS = [
  ...Object.values(STREAM_CONSUMERS),
  ...Object.values(EVENT_RULES),
  ...Object.values(QUEUES),
  ...Object.values(SCHEDULES),
  ...Object.values(DEAD_LETTER_CONSUMERS),
  WEBHOOK_QUEUE,
];

describe('data stack', () => {
  it('keeps the table: keys and indexes from the shared definition, PITR, deletion protection, retained', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: REGISTRY_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: REGISTRY_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: REGISTRY_TABLE.stream },
        GlobalSecondaryIndexes: REGISTRY_TABLE.globalSecondaryIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      },
    });
  });

  it('has the registry bus, retained, with an archive', () => {
    data.hasResource('AWS::Events::EventBus', { DeletionPolicy: 'Retain' });
    data.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });
});

describe('functions', () => {
  it('makes one function per route and per asynchronous target, on current Node.js, arm64, traced', () => {
    const functions = service.findResources('AWS::Lambda::Function');
    // One more: the 405/404 answer behind `ANY /{proxy+}`.
    expect(Object.keys(functions)).toHaveLength(functionEntries().length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: `nodejs${LAMBDA_NODE_MAJOR}.x`,
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.Environment.Variables).toMatchObject({ ADMIN_API_KEY_SHA256: ADMIN_DIGEST });
    }
  });

  it('gives the notice environment only to functions that send notices', () => {
    const functions = Object.values(service.findResources('AWS::Lambda::Function'));
    const withNotices = functions.filter((fn) => 'SENDER_EMAIL' in fn.Properties.Environment.Variables);
    const senders = [...ASYNC_TARGETS, ...ROUTE_LIST].filter((target) =>
      (target as { capabilities?: readonly string[] }).capabilities?.includes('sendNotices'),
    );
    expect(withNotices).toHaveLength(senders.length);
    for (const fn of withNotices) {
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining([
          'PUBLIC_BASE_URL',
          'SES_CONFIGURATION_SET',
          'SCHEDULER_GROUP',
          'CLOSE_WINDOWS_FUNCTION_ARN',
          ...Object.values(QUEUES).map((q) => q.urlVariable),
        ]),
      );
    }
  });

  it('never grants Scan; DeleteItem only to the contract PATCH and end (its notice-period item): evidence is append-only', () => {
    const policies = Object.entries(service.findResources('AWS::IAM::Policy'));
    expect(JSON.stringify(policies)).toContain('dynamodb:Query');
    expect(JSON.stringify(policies)).not.toMatch(/dynamodb:(Scan|\*)/);
    const deleting = policies.filter(([, policy]) => JSON.stringify(policy).includes('dynamodb:DeleteItem'));
    expect(deleting.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(new RegExp(`^${ROUTES.endContract.name}Function`)),
      expect.stringMatching(new RegExp(`^${ROUTES.updateContract.name}Function`)),
    ]);
  });

  it('keeps a log group with a retention per function', () => {
    const groups = Object.values(service.findResources('AWS::Logs::LogGroup'));
    // One per function, plus the API access logs.
    expect(groups).toHaveLength(ROUTE_LIST.length + ASYNC_TARGETS.length + 2);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
  });
});

describe('HTTP API', () => {
  it('has one route per entry of the shared route table, HEAD where the table asks, and one greedy route for 405/404', () => {
    const keys = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    const expected = ROUTE_LIST.flatMap((route) => [
      `${route.method} ${route.path}`,
      ...(route.alsoHead === true ? [`HEAD ${route.path}`] : []),
    ]).concat(['ANY /{proxy+}']);
    expect(keys.sort()).toEqual(expected.sort());
    // One greedy route instead of one ANY route per known path.
    expect(KNOWN_PATHS.length).toBeGreaterThan(30);
  });

  it('throttles and writes access logs without the path (objection links carry tokens)', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('routeKey') },
    });
    const stage = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage?.Properties.AccessLogSettings.Format).not.toContain('$context.path');
  });
});

describe('notice pipeline', () => {
  it('consumes the table stream with the shared filter patterns, bisecting, with an on-failure queue', () => {
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: STREAM_CONSUMERS.publishRegistryEvents.filterPatterns.map((pattern) => ({
          Pattern: JSON.stringify(pattern),
        })),
      },
    });
  });

  it('routes each rule of the shared table from its bus, with retries and a dead-letter queue', () => {
    const rules = Object.values(service.findResources('AWS::Events::Rule')).filter(
      (rule) => rule.Properties.EventPattern !== undefined,
    );
    expect(rules).toHaveLength(Object.keys(EVENT_RULES).length);
    for (const definition of Object.values(EVENT_RULES)) {
      const rule = rules.find(
        (r) =>
          JSON.stringify(r.Properties.EventPattern['detail-type']) ===
          JSON.stringify(definition.pattern['detail-type']),
      );
      expect(rule?.Properties.EventPattern.source).toEqual(definition.pattern.source);
      expect(rule?.Properties.Targets[0]).toMatchObject({
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: { MaximumRetryAttempts: 20 },
      });
      // SES delivers to the default bus only; the registry's own events travel on the registry bus.
      if (definition.bus === 'default') expect(rule?.Properties.EventBusName).toBe('default');
      else expect(rule?.Properties.EventBusName).toMatchObject({ 'Fn::ImportValue': expect.any(String) });
    }
  });

  it('gives every queue its dead-letter queue, and bounds its consumer', () => {
    for (const definition of Object.values(QUEUES)) {
      service.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: definition.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
        SqsManagedSseEnabled: true,
      });
      service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: definition.batchSize,
        ScalingConfig: { MaximumConcurrency: definition.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    }
  });

  it("marks failed e-mails from the e-mail queue's dead-letter queue: a bounded consumer of that queue", () => {
    const queues = service.findResources('AWS::SQS::Queue');
    const mappings = Object.values(service.findResources('AWS::Lambda::EventSourceMapping'));
    for (const consumer of Object.values(DEAD_LETTER_CONSUMERS)) {
      const redrive = Object.values(queues).find(
        (queue) => queue.Properties.RedrivePolicy?.maxReceiveCount === QUEUES[consumer.queue].maxReceiveCount,
      );
      const dlqId = redrive?.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
      expect(dlqId).toEqual(expect.stringMatching(new RegExp(`^${consumer.queue}DeadLetters`)));
      const onDlq = mappings.filter((mapping) => mapping.Properties.EventSourceArn['Fn::GetAtt']?.[0] === dlqId);
      expect(onDlq).toHaveLength(1);
      expect(onDlq[0]?.Properties).toMatchObject({
        BatchSize: consumer.batchSize,
        ScalingConfig: { MaximumConcurrency: consumer.maxConcurrency },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FunctionName: { Ref: expect.stringMatching(new RegExp(`^${consumer.name}Function`)) },
      });
      // The consumer drains the queue: the alarm counts what it received, not what waits.
      service.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'NumberOfMessagesReceived',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        Statistic: 'Sum',
        Threshold: 1,
        AlarmActions: [Match.anyValue()],
      });
    }
  });

  it('gives the resend route the notice environment and the e-mail queue, as the senders have', () => {
    const functions = Object.entries(service.findResources('AWS::Lambda::Function'));
    const resend = functions.find(([id]) => id.startsWith(`${ROUTES.resendNotice.name}Function`));
    expect(resend?.[1].Properties.Environment.Variables).toHaveProperty(QUEUES.noticeEmails.urlVariable);
  });

  it('closes windows from a scheduler group, with an hourly sweep, retries and a dead-letter queue', () => {
    service.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'SubprocessorRegistryService-windows' });
    service.hasResourceProperties('AWS::Scheduler::Schedule', {
      GroupName: Match.anyValue(),
      ScheduleExpression: SCHEDULES.closeDueWindows.sweepExpression,
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 20 }),
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    service.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      }),
    });
    service.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `SubprocessorRegistryService-${SCHEDULES.closeDueWindows.name}`,
    });
  });

  it('keeps what an asynchronous invocation failed to do (rules and schedules) instead of dropping it', () => {
    const configs = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(Object.keys(EVENT_RULES).length + Object.keys(SCHEDULES).length);
    for (const config of configs) {
      expect(config.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
    const closeFunction = Object.entries(service.findResources('AWS::Lambda::Function')).find(
      ([, resource]) =>
        resource.Properties.FunctionName === `SubprocessorRegistryService-${SCHEDULES.closeDueWindows.name}`,
    );
    const closeConfig = configs.find((config) => config.Properties.FunctionName.Ref === closeFunction?.[0]);
    const schedule = Object.values(service.findResources('AWS::Scheduler::Schedule'))[0];
    // Failures Lambda could not run land beside those Scheduler could not deliver.
    expect(closeConfig?.Properties.DestinationConfig.OnFailure.Destination).toEqual(
      schedule?.Properties.Target.DeadLetterConfig.Arn,
    );
  });

  it('sends SES delivery events (never opens or clicks) to the default bus', () => {
    service.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    const destination = Object.values(service.findResources('AWS::SES::ConfigurationSetEventDestination'))[0];
    const { EventBridgeDestination, MatchingEventTypes } = destination?.Properties.EventDestination ?? {};
    expect(JSON.stringify(EventBridgeDestination)).toContain('event-bus/default');
    expect(MatchingEventTypes).toEqual(expect.arrayContaining(['delivery', 'bounce', 'complaint']));
    expect(MatchingEventTypes).not.toContain('open');
    expect(MatchingEventTypes).not.toContain('click');
  });

  it('alarms on every dead-letter queue and on the SES bounce and complaint rates, to an e-mailed topic', () => {
    const queues = Object.values(service.findResources('AWS::SQS::Queue'));
    // Every queue but the working ones (QUEUES and the webhook delivery queue) is a dead-letter queue.
    const deadLetterQueues = queues.length - Object.keys(QUEUES).length - 1;
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm'));
    const depthAlarms = alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depthAlarms).toHaveLength(deadLetterQueues);
    // Well below the rates at which SES reviews the account (5 % bounces, 0.1 % complaints).
    for (const [metric, threshold] of [
      ['Reputation.BounceRate', 0.02],
      ['Reputation.ComplaintRate', 0.0005],
    ] as const) {
      service.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [Match.anyValue()],
      });
    }
    service.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@registry.example' });
  });
});

describe('cdk-nag (AwsSolutions and Serverless)', () => {
  it('gives every acknowledged finding its reason', () => {
    const { app } = synthesise();
    const acknowledgments = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledgments.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgments) {
      expect(reason, id).toMatch(/\w+ \w+ \w+ \w+/);
    }
  });

  it('fails the synthesis on a finding nobody acknowledged', () => {
    const { app, service: stack } = synthesise();
    new Queue(stack, 'UnguardedQueue');
    let report = '';
    try {
      app.synth();
    } catch (error) {
      report = String(error);
    }
    // One finding from each pack.
    expect(report).toMatch(/AwsSolutions-SQS3/);
    expect(report).toMatch(/Serverless-SQSRedrivePolicy/);
  });
});

describe('deployment settings', () => {
  it('rejects a malformed admin key digest, naming the context key', () => {
    expect(() => synthesise({ ...CONTEXT, adminApiKeySha256: 'not-a-digest' })).toThrow(
      /-c adminApiKeySha256: must be the SHA-256/,
    );
  });

  it('locks the admin routes when no admin key digest is given', () => {
    const { adminApiKeySha256: _given, ...withoutKey } = CONTEXT;
    const built = synthesise(withoutKey);
    const template = Template.fromStack(built.service);
    // Every function, not only the first: one left with another digest would open its admin routes.
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(functionEntries().length);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables[ENV.adminApiKeySha256]).toBe('0'.repeat(64));
    }
    // No digest from elsewhere (the default context, cdk.json) reaches the template.
    expect(JSON.stringify(template.toJSON())).not.toContain(ADMIN_DIGEST);
    // And the operator is told, at synthesis, that the admin routes are locked.
    const warnings = built.app.node.metadata.filter((entry) => entry.type === 'aws:cdk:warning');
    expect(warnings.map((entry) => String(entry.data))).toEqual([
      expect.stringContaining('No -c adminApiKeySha256: admin routes'),
    ]);
  });
});

describe('resource groups (infra/constructs/)', () => {
  it('keeps every logical id the flat stack deployed, so no resource is replaced by the split', () => {
    const resources = service.toJSON().Resources as Record<string, { Type: string }>;
    const types = Object.fromEntries(Object.entries(resources).map(([id, resource]) => [id, resource.Type]));
    // Roles and their policies hold no data: the HTTP functions that only use the table now share one
    // role (so that the stack stays under CloudFormation's 500 resources), replacing theirs harmlessly.
    const kept = Object.entries(DEPLOYED_LOGICAL_IDS).filter(([, type]) => !String(type).startsWith('AWS::IAM::'));
    expect(types).toMatchObject(Object.fromEntries(kept));
  });

  it('stays well under the 500 resources CloudFormation allows a stack, the table-only HTTP functions sharing one role', () => {
    const resources = Object.keys(service.toJSON().Resources).length;
    // Each route adds about five resources: this leaves room for a few more before a split is needed.
    expect(resources).toBeLessThan(470);
    const shared = Object.entries(service.findResources('AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('TableOnlyFunctionRole'),
    );
    expect(shared).toHaveLength(1);
    const sharedId = shared[0]?.[0];
    const users = Object.values(service.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Role['Fn::GetAtt'][0] === sharedId,
    );
    expect(users.length).toBeGreaterThan(30);
    // Its policy is the table statement (and X-Ray): no e-mail, no bus, no queue, no delete.
    const statements = Object.values(service.findResources('AWS::IAM::Policy'))
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === sharedId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements.map((s) => s.Action))).not.toMatch(
      /ses:|events:PutEvents|sqs:|dynamodb:(Scan|DeleteItem|DescribeTable|\*)/,
    );
  });

  it('gives the health check DescribeTable on the table, and no other function', () => {
    const policies = Object.entries(service.findResources('AWS::IAM::Policy')).filter(([, policy]) =>
      JSON.stringify(policy).includes('dynamodb:DescribeTable'),
    );
    expect(policies.map(([id]) => id)).toEqual([expect.stringMatching(/^healthFunction/)]);
  });
});

describe('the vendor in the loop (issue 10, item 4)', () => {
  const vendorRules = [EVENT_RULES.alertVendorOfObjection, EVENT_RULES.sendVendorSummary];

  /** The rule's function (logical id, resource), the statements of its role's policies, and its rule. */
  function wiringOf(definition: (typeof vendorRules)[number]) {
    const functions = Object.entries(service.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith(`${definition.name}Function`),
    );
    expect(functions, definition.name).toHaveLength(1);
    const [functionId, fn] = functions[0] ?? ['', undefined];
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
    const statements: Array<{ Action: unknown; Condition?: unknown }> = Object.values(
      service.findResources('AWS::IAM::Policy'),
    )
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const rule = Object.values(service.findResources('AWS::Events::Rule')).find(
      (r) => r.Properties.Targets?.[0]?.Arn?.['Fn::GetAtt']?.[0] === functionId,
    );
    return { functionId, fn, statements, rule };
  }

  it('routes ObjectionRecorded and ObjectionWindowClosed from the registry bus to functions of their own', () => {
    for (const definition of vendorRules) {
      const { rule } = wiringOf(definition);
      expect(rule?.Properties).toMatchObject({
        EventBusName: { 'Fn::ImportValue': expect.any(String) },
        EventPattern: { source: [REGISTRY_EVENT_SOURCE], 'detail-type': [...definition.pattern['detail-type']] },
        Targets: [
          expect.objectContaining({
            RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 },
            DeadLetterConfig: { Arn: expect.anything() },
          }),
        ],
      });
    }
    expect(EVENT_RULES.alertVendorOfObjection.pattern['detail-type']).toEqual(['ObjectionRecorded']);
    expect(EVENT_RULES.sendVendorSummary.pattern['detail-type']).toEqual(['ObjectionWindowClosed']);
  });

  it('lets each send e-mail from the verified sender only and use the table without Scan or DeleteItem', () => {
    for (const definition of vendorRules) {
      const { fn, statements } = wiringOf(definition);
      expect(fn?.Properties.Environment.Variables).toMatchObject({
        SENDER_EMAIL: 'notices@registry.example',
        SES_CONFIGURATION_SET: expect.anything(),
      });
      const ses = statements.find((s) => JSON.stringify(s.Action).includes('ses:SendEmail'));
      expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'notices@registry.example' } });
      const dynamo = JSON.stringify(statements.filter((s) => JSON.stringify(s.Action).includes('dynamodb:')));
      expect(dynamo).toContain('dynamodb:UpdateItem');
      expect(dynamo).not.toMatch(/dynamodb:(Scan|DeleteItem|\*)/);
    }
  });

  it('keeps their failed invocations in an on-failure destination', () => {
    for (const definition of vendorRules) {
      const { functionId } = wiringOf(definition);
      const config = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig')).find(
        (c) => c.Properties.FunctionName.Ref === functionId,
      );
      expect(config?.Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
  });

  it('answers GET and PATCH /processors/{id} (405 for the rest), each from its own function', () => {
    const keys = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys).toEqual(expect.arrayContaining(['GET /processors/{id}', 'PATCH /processors/{id}', 'ANY /{proxy+}']));
    const functions = Object.keys(service.findResources('AWS::Lambda::Function'));
    expect(functions.filter((id) => /^(getProcessor|updateProcessor)Function/.test(id))).toHaveLength(2);
  });
});

describe('withdrawing a pending change (issue 10, item 6)', () => {
  /** A function's logical id and resource, and the statements of its role's policies. */
  function functionOf(name: string) {
    const functions = Object.entries(service.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith(`${name}Function`),
    );
    expect(functions, name).toHaveLength(1);
    const [functionId, fn] = functions[0] ?? ['', undefined];
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
    const statements: Array<{ Action: unknown; Condition?: unknown }> = Object.values(
      service.findResources('AWS::IAM::Policy'),
    )
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    return { functionId, fn, actions: JSON.stringify(statements.map((s) => s.Action)), statements };
  }

  it('routes only withdrawals (SubprocessorListChanged with withdraws) from the registry bus, retried and dead-lettered', () => {
    const { functionId } = functionOf(EVENT_RULES.withdrawNotice.name);
    const rule = Object.values(service.findResources('AWS::Events::Rule')).find(
      (r) => r.Properties.Targets?.[0]?.Arn?.['Fn::GetAtt']?.[0] === functionId,
    );
    expect(rule?.Properties).toMatchObject({
      EventBusName: { 'Fn::ImportValue': expect.any(String) },
      EventPattern: {
        source: [REGISTRY_EVENT_SOURCE],
        'detail-type': ['SubprocessorListChanged'],
        detail: { withdraws: [{ exists: true }] },
      },
      Targets: [
        expect.objectContaining({
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: expect.anything() },
        }),
      ],
    });
    const config = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig')).find(
      (c) => c.Properties.FunctionName.Ref === functionId,
    );
    expect(config?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    // It pages through every contract of the notice: the budget of a close pass, not of a single e-mail.
    expect(functionOf(EVENT_RULES.withdrawNotice.name).fn?.Properties.Timeout).toBe(300);
  });

  it('lets withdrawNotice queue the e-mails on the paced notice queue, publish on the bus, and use the table without Scan or DeleteItem', () => {
    const { fn, actions } = functionOf(EVENT_RULES.withdrawNotice.name);
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      [QUEUES.noticeEmails.urlVariable]: expect.anything(),
    });
    expect(actions).toContain('sqs:SendMessage');
    expect(actions).toContain('events:PutEvents');
    expect(actions).toContain('dynamodb:UpdateItem');
    expect(actions).not.toMatch(/dynamodb:(Scan|DeleteItem|\*)/);
  });

  it('makes versions take effect from the close function: the same schedules, the bus for SubprocessorChangeEffective, conditional writes only', () => {
    const { fn, actions } = functionOf(SCHEDULES.closeDueWindows.name);
    // The effect waits for every window: it is armed by the notice's one-time schedules and the hourly sweep.
    expect(fn?.Properties.FunctionName).toBe(`SubprocessorRegistryService-${SCHEDULES.closeDueWindows.name}`);
    expect(fn?.Properties.Timeout).toBe(300);
    expect(actions).toContain('events:PutEvents');
    expect(actions).toContain('dynamodb:UpdateItem');
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions).not.toMatch(/dynamodb:(Scan|DeleteItem|\*)/);
  });

  it('serves the public side (trust page, feeds, the list format and its schema) from functions that only read the table', () => {
    const keys = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    for (const route of [
      ROUTES.getTrustPage,
      ROUTES.getTrustFeed,
      ROUTES.getTrustList,
      ROUTES.subprocessorListSchema,
    ]) {
      expect(route.access).toBe('public');
      expect(keys).toContain(`GET ${route.path}`);
      const { fn, actions } = functionOf(route.name);
      expect(fn?.Properties.Environment.Variables).not.toHaveProperty('SENDER_EMAIL');
      expect(actions).not.toMatch(/ses:|events:PutEvents|sqs:SendMessage|dynamodb:(Scan|DeleteItem|\*)/);
    }
  });

  it('lets the routes that read several items at once (a publish, the effective times of a page) use BatchGetItem', () => {
    for (const route of [ROUTES.putSubprocessors, ROUTES.listVersions, ROUTES.listNotices, ROUTES.listTransfers]) {
      expect(functionOf(route.name).actions, route.name).toContain('dynamodb:BatchGetItem');
    }
  });

  it('answers POST /processors/{id}/versions/{n}/withdraw from a function that sends no e-mail and publishes nothing', () => {
    const keys = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys).toEqual(expect.arrayContaining(['POST /processors/{id}/versions/{n}/withdraw', 'ANY /{proxy+}']));
    const { fn, actions } = functionOf('withdrawVersion');
    expect(fn?.Properties.Environment.Variables).not.toHaveProperty('SENDER_EMAIL');
    expect(actions).toContain('dynamodb:');
    expect(actions).not.toMatch(/ses:|events:PutEvents|dynamodb:(Scan|DeleteItem|\*)/);
  });
});

describe('e-mail subscriptions (issue 13, item 3)', () => {
  /** A function's logical id and resource, and the statements of its role's policies. */
  function functionOf(name: string) {
    const functions = Object.entries(service.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith(`${name}Function`),
    );
    expect(functions, name).toHaveLength(1);
    const [functionId, fn] = functions[0] ?? ['', undefined];
    const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
    const statements: Array<{ Action: unknown; Condition?: unknown }> = Object.values(
      service.findResources('AWS::IAM::Policy'),
    )
      .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    return { functionId, fn, statements, actions: JSON.stringify(statements.map((s) => s.Action)) };
  }

  it('answers the subscribe, confirm and one-click routes, HEAD on the two pages, each from its own function', () => {
    const keys = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /trust/{id}/subscriptions',
        'GET /trust/{id}/subscriptions/{token}',
        'HEAD /trust/{id}/subscriptions/{token}',
        'POST /trust/{id}/subscriptions/{token}',
        'GET /trust/{id}/subscriptions/{token}/unsubscribe',
        'HEAD /trust/{id}/subscriptions/{token}/unsubscribe',
        'POST /trust/{id}/subscriptions/{token}/unsubscribe',
      ]),
    );
    for (const name of [
      'subscribe',
      'subscriptionConfirmPage',
      'confirmSubscription',
      'unsubscribePage',
      'unsubscribe',
    ])
      functionOf(name);
  });

  it('informs subscribers of every SubprocessorListChanged from the registry bus, retried and dead-lettered', () => {
    const { functionId, fn } = functionOf(EVENT_RULES.informSubscribers.name);
    const rule = Object.values(service.findResources('AWS::Events::Rule')).find(
      (r) => r.Properties.Targets?.[0]?.Arn?.['Fn::GetAtt']?.[0] === functionId,
    );
    expect(rule?.Properties).toMatchObject({
      EventBusName: { 'Fn::ImportValue': expect.any(String) },
      EventPattern: { source: [REGISTRY_EVENT_SOURCE], 'detail-type': ['SubprocessorListChanged'] },
      Targets: [
        expect.objectContaining({
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: expect.anything() },
        }),
      ],
    });
    expect(rule?.Properties.EventPattern.detail).toBeUndefined();
    expect(fn?.Properties.Timeout).toBe(300);
  });

  it('lets the two senders e-mail (SES v2 SendEmail is the ses:SendEmail action) from the verified sender only; the token routes send nothing', () => {
    for (const name of [EVENT_RULES.informSubscribers.name, ROUTES.subscribe.name]) {
      const { fn, statements, actions } = functionOf(name);
      expect(fn?.Properties.Environment.Variables).toMatchObject({ SENDER_EMAIL: 'notices@registry.example' });
      const ses = statements.find((s) => JSON.stringify(s.Action).includes('ses:SendEmail'));
      expect(ses?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'notices@registry.example' } });
      expect(actions).not.toMatch(/dynamodb:(Scan|DeleteItem|\*)/);
    }
    for (const name of [ROUTES.confirmSubscription.name, ROUTES.unsubscribe.name]) {
      expect(functionOf(name).actions).not.toContain('ses:');
    }
    expect(functionOf(EVENT_RULES.recordDeliveryEvent.name).actions).toContain('dynamodb:UpdateItem');
  });
});
