import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { DeploymentSettings } from './deployment-settings.js';
import { RegistryDataStack } from './registry-data-stack.js';
import { RegistryServiceStack } from './registry-service-stack.js';

const STRONG_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

/**
 * The deployable registry: data stack, service stack, and cdk-nag's AWS Solutions checks on both.
 * `infra/app.ts` (cdk synth/deploy) and the CDK tests build the same thing through this function.
 */
export function buildRegistryApp(app: App, settings: DeploymentSettings) {
  // References from the service stack to the table and bus block deleting them while in use.
  if (app.node.tryGetContext(STRONG_REFERENCES) === undefined) app.node.setContext(STRONG_REFERENCES, 'strong');
  // Environment-agnostic: the region and account come from the deploying credentials.
  const data = new RegistryDataStack(app, 'SubprocessorRegistryData', {
    description: 'Subprocessor Registry: table and event bus (retained)',
  });
  const service = new RegistryServiceStack(app, 'SubprocessorRegistryService', {
    description: 'Subprocessor Registry: API, functions, notice pipeline',
    table: data.table,
    bus: data.bus,
    settings,
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  // Findings acknowledged for the whole service stack, each with why it is right here.
  for (const { id, reason } of [
    {
      id: 'AwsSolutions-APIG4',
      reason:
        'Routes authorise in the function (shared/http/authenticate.ts): an HTTP API authorizer can only answer 403 to an unknown key, while the public contract is 401; public routes (health, trust-center list, objection pages reached by token) need none',
    },
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only lets a function write its own CloudWatch logs',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource other than *',
    },
  ]) {
    Validations.of(service).acknowledge({ id, reason });
  }
  return { data, service };
}
