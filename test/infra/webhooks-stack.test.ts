import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentSettings } from '../../infra/deployment-settings.js';
import { buildRegistryApp } from '../../infra/registry-app.js';
import { ENV } from '../../shared/wiring/environment.js';
import { EVENT_RULES, WEBHOOK_QUEUE } from '../../shared/wiring/events.js';

let service: Template;

beforeAll(() => {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      adminApiKeySha256: 'a'.repeat(64),
      senderEmail: 'notices@registry.example',
      alarmEmail: 'ops@registry.example',
    },
  });
  service = Template.fromStack(buildRegistryApp(app, deploymentSettings(app)).service);
});

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are read by the assertions below
type AnyResource = Record<string, any>;

const resources = (type: string) => Object.entries(service.findResources(type)) as Array<[string, AnyResource]>;
const functionNamed = (name: string) => {
  const found = resources('AWS::Lambda::Function').filter(([id]) => id.startsWith(`${name}Function`));
  expect(found).toHaveLength(1);
  return found[0] as [string, AnyResource];
};

describe('webhook delivery path', () => {
  it('has a delivery queue with its own dead-letter queue, encrypted, TLS only, and an alarm on the dead letters', () => {
    const queues = resources('AWS::SQS::Queue');
    const delivery = queues.filter(([id]) => id.startsWith('WebhookQueue'));
    expect(delivery).toHaveLength(1);
    const [, queue] = delivery[0] as [string, AnyResource];
    expect(queue.Properties).toMatchObject({
      VisibilityTimeout: WEBHOOK_QUEUE.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { maxReceiveCount: WEBHOOK_QUEUE.maxReceiveCount },
    });
    const dlqId = queue.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(dlqId).toMatch(/^WebhookDeadLetters/);
    const alarms = resources('AWS::CloudWatch::Alarm').filter(
      ([, alarm]) =>
        alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(alarm.Properties.Dimensions).includes(dlqId),
    );
    expect(alarms).toHaveLength(1);
    const policies = resources('AWS::SQS::QueuePolicy').filter(([, p]) => JSON.stringify(p).includes(dlqId));
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
  });

  it('consumes the queue with one bounded function reporting partial batch failures', () => {
    const [fnId, fn] = functionNamed(WEBHOOK_QUEUE.name);
    const mappings = resources('AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => m.Properties.FunctionName?.Ref === fnId,
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.[1].Properties).toMatchObject({
      BatchSize: WEBHOOK_QUEUE.batchSize,
      ScalingConfig: { MaximumConcurrency: WEBHOOK_QUEUE.maxConcurrency },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mappings[0]?.[1].Properties.EventSourceArn['Fn::GetAtt'][0]).toMatch(/^WebhookQueue/);
    // Half the visibility timeout: a message is never handled twice at once.
    expect(fn.Properties.Timeout).toBe(WEBHOOK_QUEUE.visibilityTimeoutSeconds / 2);
  });

  it('fans the four webhook events out from the registry bus, with retries and a dead-letter queue', () => {
    const rules = resources('AWS::Events::Rule').filter(([id]) =>
      id.startsWith(`${EVENT_RULES.fanOutWebhooks.name}Rule`),
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1] as AnyResource;
    expect(rule.Properties.EventPattern['detail-type']).toEqual([
      'SubprocessorListChanged',
      'SubprocessorChangeEffective',
      'ObjectionRecorded',
      'ObjectionWindowClosed',
    ]);
    expect(rule.Properties.Targets[0]).toMatchObject({
      DeadLetterConfig: { Arn: expect.anything() },
      RetryPolicy: { MaximumRetryAttempts: 20 },
    });
  });

  it('gives the webhook functions their queues and never the local loopback allowance', () => {
    for (const name of [EVENT_RULES.fanOutWebhooks.name, WEBHOOK_QUEUE.name]) {
      const [, fn] = functionNamed(name);
      const variables = fn.Properties.Environment.Variables;
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining([ENV.webhookQueueUrl, ENV.webhookDeadLetterQueueUrl]),
      );
    }
    for (const [, fn] of resources('AWS::Lambda::Function')) {
      expect(fn.Properties.Environment?.Variables?.[ENV.webhookAllowLoopbackHttp]).toBeUndefined();
    }
  });

  it('lets only the two webhook functions send to the delivery and dead-letter queues', () => {
    const [queueId] = resources('AWS::SQS::Queue').find(([id]) => id.startsWith('WebhookQueue')) as [
      string,
      AnyResource,
    ];
    const senders = resources('AWS::IAM::Policy').filter(([, policy]) =>
      policy.Properties.PolicyDocument.Statement.some(
        (s: AnyResource) =>
          JSON.stringify(s.Action).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(queueId),
      ),
    );
    expect(senders.map(([id]) => id.replace(/Function.*$/, '')).sort()).toEqual(
      [EVENT_RULES.fanOutWebhooks.name, WEBHOOK_QUEUE.name].sort(),
    );
  });
});
