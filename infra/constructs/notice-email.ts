import { Duration, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailSendingEvent, EventDestination, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { RegistryAlarms } from './alarms.js';
import { ResourceGroup } from './resource-group.js';

/**
 * SES puts an account under review at a 5 % bounce rate and a 0.1 % complaint rate, and may pause
 * sending soon after: alarm well before (2 %, 0.05 %), while there is still time to act.
 */
const BOUNCE_RATE_ALARM = 0.02;
const COMPLAINT_RATE_ALARM = 0.0005;

/**
 * Sending notices through SES: a configuration set whose delivery events reach the default bus, the
 * reputation alarms, and the policy that lets a function send from the verified sender only.
 */
export class NoticeEmail extends ResourceGroup {
  readonly configurationSet: ConfigurationSet;
  readonly sendPolicy: PolicyStatement;

  constructor(scope: Construct, id: string, props: { senderEmail: string; alarms: RegistryAlarms }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'NoticeEmails', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToEventBridge', {
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
    const reputation = (metricName: string, threshold: number, description: string) =>
      props.alarms.alarm(
        `Ses${metricName.replace(/\W/g, '')}`,
        new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) }),
        threshold,
        description,
      );
    reputation('Reputation.BounceRate', BOUNCE_RATE_ALARM, 'SES bounce rate at 2 % (review at 5 %)');
    reputation('Reputation.ComplaintRate', COMPLAINT_RATE_ALARM, 'SES complaint rate at 0.05 % (review at 0.1 %)');

    const stack = Stack.of(this);
    this.sendPolicy = new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      // The sender is verified either as this address or as its domain.
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderEmail }),
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderEmail.split('@')[1] }),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': props.senderEmail } },
    });
  }
}
