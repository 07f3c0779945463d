import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionTarget } from '../../shared/wiring/events.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RegistryFunctionProps {
  target: FunctionTarget;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** A fixed name, for the one function whose ARN its own environment needs. */
  functionName?: string;
}

/**
 * One handler module as a Lambda function, with the settings every function shares: current Node.js
 * runtime on Graviton, an ESM bundle built locally by esbuild (no Docker) with the AWS SDK pinned
 * inside it rather than whatever the runtime ships, X-Ray tracing, and a log group with a retention.
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
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      ...(props.functionName !== undefined && { functionName: props.functionName }),
      description: `${props.target.name} (${props.target.entry})`,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'subprocessor-registry',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        platform: 'node',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        externalModules: [],
        // CommonJS dependencies bundled into an ESM file still call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      },
    });
  }
}
