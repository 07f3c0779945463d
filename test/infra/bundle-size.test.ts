import { describe, expect, it } from 'vitest';
import { functionEntries, MAX_BUNDLE_BYTES } from '../../infra/lambda-bundling.js';
import { buildFunctionBundles } from '../support/function-bundles.js';

describe('function bundles (the deployed esbuild options)', () => {
  it(`keeps every function under ${MAX_BUNDLE_BYTES / 1024} KB minified`, async () => {
    const bundles = await buildFunctionBundles();
    expect(bundles).toHaveLength(functionEntries().length);
    const tooLarge = bundles
      .filter((bundle) => !(bundle.bytes <= MAX_BUNDLE_BYTES))
      .map((bundle) => `${bundle.name}: ${(bundle.bytes / 1024).toFixed(1)} KB`);
    expect(tooLarge).toEqual([]);
  }, 120_000);

  it('leaves the AWS SDK to the runtime and bundles zod without its locales', async () => {
    const { build } = await import('esbuild');
    const { LAMBDA_ESBUILD_OPTIONS } = await import('../../infra/lambda-bundling.js');
    const result = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: ['functions/put-subprocessors.ts'],
      write: false,
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
    expect(inputs.filter((path) => path.includes('zod/v4/locales/') && !path.endsWith('/en.js'))).toEqual([]);
    expect(inputs.filter((path) => /node_modules\/@(aws-sdk|smithy)\//.test(path))).toEqual([]);
    expect(inputs.some((path) => path.startsWith('shared/'))).toBe(true);
  }, 60_000);
});
