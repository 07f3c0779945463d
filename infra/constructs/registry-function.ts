import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionTarget } from '../../shared/wiring/events.js';
import { LAMBDA_ESBUILD_OPTIONS, LAMBDA_NODE_MAJOR } from '../lambda-bundling.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The managed runtime named by LAMBDA_NODE_MAJOR (infra/lambda-bundling.ts), e.g. nodejs24.x. */
export const LAMBDA_RUNTIME = new Runtime(`nodejs${LAMBDA_NODE_MAJOR}.x`, RuntimeFamily.NODEJS, {
  supportsInlineCode: true,
});

export interface RegistryFunctionProps {
  target: FunctionTarget;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** A fixed name, for the one function whose ARN its own environment needs. */
  functionName?: string;
  /** A role shared with functions of exactly the same permissions; absent: a role of its own. */
  role?: IRole;
}

/**
 * One handler module as a Lambda function, with the settings every function shares: current Node.js
 * runtime on Graviton, a bundle built locally by esbuild (no Docker) with the options of
 * infra/lambda-bundling.ts (the AWS SDK is the runtime's: see there why), X-Ray tracing, and a log group
 * with a retention.
 */
export class RegistryFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: RegistryFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: `${REPOSITORY_ROOT}${props.target.entry}`,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: `${REPOSITORY_ROOT}package-lock.json`,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      ...(props.functionName !== undefined && { functionName: props.functionName }),
      ...(props.role !== undefined && { role: props.role }),
      description: `${props.target.name} (${props.target.entry})`,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'subprocessor-registry',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.CJS,
        target: LAMBDA_ESBUILD_OPTIONS.target,
        minify: LAMBDA_ESBUILD_OPTIONS.minify,
        sourceMap: true,
        mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
        externalModules: [...LAMBDA_ESBUILD_OPTIONS.external],
      },
    });
  }
}
