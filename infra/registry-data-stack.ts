import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { REGISTRY_TABLE } from '../shared/wiring/table.js';

/**
 * What must outlive every deployment: the registry table (list versions, notices, outcomes are legal
 * evidence) and the event bus. Kept apart from the functions so that replacing or deleting the
 * service stack can never touch the data.
 */
export class RegistryDataStack extends Stack {
  readonly table: Table;
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new Table(this, 'RegistryTable', {
      partitionKey: { name: REGISTRY_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: REGISTRY_TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[REGISTRY_TABLE.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of REGISTRY_TABLE.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    this.bus = new EventBus(this, 'RegistryBus', { description: 'Sub-processor list changes, objections, closes' });
    // A year of events to replay into a new consumer, or to show what was announced and when.
    this.bus.archive('RegistryEventArchive', {
      eventPattern: { account: [this.account] },
      retention: Duration.days(365),
      description: 'Every registry event, for replay and audit',
    });
    this.bus.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
