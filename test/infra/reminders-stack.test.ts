import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentSettings } from '../../infra/deployment-settings.js';
import { buildRegistryApp } from '../../infra/registry-app.js';
import { ENV } from '../../shared/wiring/environment.js';
import { SCHEDULES } from '../../shared/wiring/events.js';

const REMIND = SCHEDULES.sendDueReminders;

let service: Template;
beforeAll(() => {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      adminApiKeySha256: 'b'.repeat(64),
      senderEmail: 'notices@registry.example',
    },
  });
  const built = buildRegistryApp(app, deploymentSettings(app));
  app.synth(); // cdk-nag: the new schedule and function carry no unacknowledged finding
  service = Template.fromStack(built.service);
});

/** The logical id of the reminder function: the construct is named after the SCHEDULES entry. */
function reminderFunctionId(): string {
  const ids = Object.keys(service.findResources('AWS::Lambda::Function')).filter((id) =>
    id.startsWith(`${REMIND.name}Function`),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

describe('reminders (issue 10, item 5)', () => {
  it('runs the reminder function hourly from the windows group, with the sweep payload, retries and the dead-letter queue', () => {
    const schedules = Object.values(service.findResources('AWS::Scheduler::Schedule'));
    const reminder = schedules.filter(
      (s) =>
        JSON.stringify(s.Properties.Target.Input) === JSON.stringify(JSON.stringify(REMIND.sweepInput())) &&
        s.Properties.Description.includes('reminder'),
    );
    expect(reminder).toHaveLength(1);
    const id = reminderFunctionId();
    expect(reminder[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      GroupName: 'SubprocessorRegistryService-windows',
      Target: {
        Arn: { 'Fn::GetAtt': [id, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: expect.anything() },
      },
    });
    // The same dead-letter queue as the close sweep's: one alarm covers both.
    const close = schedules.find(
      (s) =>
        s.Properties.ScheduleExpression === SCHEDULES.closeDueWindows.sweepExpression &&
        !s.Properties.Description.includes('reminder'),
    );
    expect(reminder[0]?.Properties.Target.DeadLetterConfig).toEqual(close?.Properties.Target.DeadLetterConfig);
  });

  it('gives the reminder function the notification environment, SES sending, and an on-failure destination', () => {
    const id = reminderFunctionId();
    const fn = service.findResources('AWS::Lambda::Function')[id];
    const variables = fn?.Properties.Environment.Variables ?? {};
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([ENV.tableName, ENV.publicBaseUrl, ENV.senderEmail, ENV.sesConfigurationSet]),
    );
    expect(fn?.Properties.Timeout).toBe(300);
    const configs = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig')).filter(
      (config) => config.Properties.FunctionName.Ref === id,
    );
    expect(configs).toHaveLength(1);
    expect(configs[0]?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: expect.anything() } },
    });
    const policies = Object.values(service.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(id.replace(/[0-9A-F]{8}$/, '')),
    );
    const statements = JSON.stringify(policies.map((policy) => policy.Properties.PolicyDocument.Statement));
    expect(statements).toContain('ses:SendEmail');
    expect(statements).toContain('dynamodb:Query');
  });
});
