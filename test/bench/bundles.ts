import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, MAX_BUNDLE_BYTES } from '../../infra/lambda-bundling.js';
import { QUEUES } from '../../shared/wiring/events.js';
import { BUNDLE_DIR, buildFunctionBundles } from '../support/function-bundles.js';

const COLD_IMPORTS = Number(process.env.BENCH_COLD_IMPORTS ?? 10);

/** What a function reads at cold start; values are placeholders: nothing is called during init. */
const FUNCTION_ENVIRONMENT = {
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  ADMIN_API_KEY_SHA256: 'a'.repeat(64),
  PUBLIC_BASE_URL: 'https://registry.example',
  SENDER_EMAIL: 'notices@registry.example',
  ...Object.fromEntries(
    Object.values(QUEUES).map((queue) => [
      queue.urlVariable,
      `https://sqs.eu-west-3.amazonaws.com/000000000000/${queue.name}`,
    ]),
  ),
  SCHEDULER_GROUP: 'bench',
  CLOSE_WINDOWS_FUNCTION_ARN: 'arn:aws:lambda:eu-west-3:000000000000:function:close',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
  SCHEDULER_DLQ_ARN: 'arn:aws:sqs:eu-west-3:000000000000:dlq',
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Module init of a bundle: a fresh Node.js process requires it (top-level code runs: clients, config,
 * schemas) and reports how long the import took; the median of COLD_IMPORTS processes. The AWS SDK,
 * when external, is loaded from node_modules as the runtime loads its own copy.
 */
function coldImportMs(file: string): number {
  // As the Lambda runtime loads a CommonJS handler: require().
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < COLD_IMPORTS; i += 1) {
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...FUNCTION_ENVIRONMENT, PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.split('\n').slice(-12).join('\n')}`);
    times.push(Number(run.stdout));
  }
  return median(times);
}

/** Prints every function's bundle size and init time, with the AWS SDK left to the runtime and bundled in. */
export async function printBundleFigures(): Promise<void> {
  const bundles = await buildFunctionBundles();
  console.log(
    `Function bundles (infra/lambda-bundling.ts options; limit ${MAX_BUNDLE_BYTES / 1024} KB), init = median of ${COLD_IMPORTS} cold imports`,
  );
  console.log(
    `${'function'.padEnd(24)} ${'bundle'.padStart(9)} ${'init'.padStart(9)}   ${'with the SDK bundled:'.padStart(21)} ${'bundle'.padStart(9)} ${'init'.padStart(9)}`,
  );
  const sizes: number[] = [];
  for (const bundle of bundles) {
    const withSdk = `${BUNDLE_DIR}/${bundle.name}.with-sdk.cjs`;
    const built = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      external: [],
      entryPoints: [bundle.entry],
      outfile: withSdk,
      metafile: true,
      logLevel: 'error',
    });
    const withSdkBytes = Object.values(built.metafile.outputs)[0]?.bytes ?? Number.NaN;
    sizes.push(bundle.bytes);
    console.log(
      `${bundle.name.padEnd(24)} ${`${(bundle.bytes / 1024).toFixed(1)} KB`.padStart(9)} ${`${coldImportMs(bundle.file).toFixed(1)} ms`.padStart(9)}   ${''.padStart(21)} ${`${(withSdkBytes / 1024).toFixed(1)} KB`.padStart(9)} ${`${coldImportMs(withSdk).toFixed(1)} ms`.padStart(9)}`,
    );
  }
  console.log(
    `largest ${(Math.max(...sizes) / 1024).toFixed(1)} KB, total ${(sizes.reduce((a, b) => a + b, 0) / 1024 / 1024).toFixed(2)} MB for ${sizes.length} functions`,
  );
  console.log('');
}
