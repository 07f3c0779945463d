import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ResourceGroup } from './resource-group.js';

/**
 * Where the registry tells a person that something needs them: one SNS topic (e-mailed when an
 * address is configured), alarms on it, and dead-letter queues that alarm as soon as a message waits.
 */
export class RegistryAlarms extends ResourceGroup {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { alarmEmail?: string }) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Subprocessor Registry alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An alarm e-mail SNS cannot deliver needs no queue: the alarm itself stays in ALARM in CloudWatch, and a queue of missed alarms would need an alarm of its own',
      });
    }
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names only, no personal data; CloudWatch can publish to an encrypted topic only through a customer-managed KMS key, which is not worth its cost here',
    });
  }

  /** An alarm at `threshold` or above on `metric`, to the topic; missing data is not a breach. */
  alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    return alarm;
  }

  /** A dead-letter queue whose first waiting message raises an alarm saying `what` happened. */
  deadLetterQueue(queueId: string, what: string): Queue {
    const queue = new Queue(this, queueId, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    for (const id of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy']) {
      Validations.of(queue).acknowledge({
        id,
        reason: 'This queue is itself a dead-letter queue: its messages wait for a person (depth alarm) and a redrive',
      });
    }
    this.alarm(
      `${queueId}Depth`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      1,
      `${what}: messages are waiting in ${queueId}; inspect and redrive them`,
    );
    return queue;
  }
}
