import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { functionEntries, LAMBDA_ESBUILD_OPTIONS } from '../../infra/lambda-bundling.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Inside node_modules, so that a bundle imported here finds the AWS SDK as it would in the runtime. */
export const BUNDLE_DIR = `${REPOSITORY_ROOT}node_modules/.cache/function-bundles`;

export interface FunctionBundle {
  name: string;
  entry: string;
  bytes: number;
  file: string;
}

/** Builds every function with the deployed esbuild options, two at a time (two cores here). */
export async function buildFunctionBundles(): Promise<FunctionBundle[]> {
  await mkdir(BUNDLE_DIR, { recursive: true });
  const entries = functionEntries();
  const bundles: FunctionBundle[] = [];
  for (let i = 0; i < entries.length; i += 2) {
    const pair = entries.slice(i, i + 2);
    bundles.push(
      ...(await Promise.all(
        pair.map(async ({ name, entry }) => {
          const file = `${BUNDLE_DIR}/${name}.cjs`;
          const result = await build({
            ...LAMBDA_ESBUILD_OPTIONS,
            entryPoints: [`${REPOSITORY_ROOT}${entry}`],
            outfile: file,
            metafile: true,
            logLevel: 'error',
          });
          const output = Object.values(result.metafile.outputs)[0];
          return { name, entry, bytes: output?.bytes ?? Number.NaN, file };
        }),
      )),
    );
  }
  return bundles;
}
