import type { BuildOptions } from 'esbuild';
import {
  DEAD_LETTER_CONSUMERS,
  EVENT_RULES,
  QUEUES,
  SCHEDULES,
  STREAM_CONSUMERS,
  WEBHOOK_QUEUE,
} from '../shared/wiring/events.js';
import { METHOD_NOT_ALLOWED, ROUTE_LIST } from '../shared/wiring/routes.js';

/**
 * How every function is built, in one place: the Lambda runtime's Node.js major version, and the esbuild
 * options that the CDK construct, the bundle-size test and `npm run bench` all use, so the figures they
 * print are the figures of what is deployed.
 */
export const LAMBDA_NODE_MAJOR = 24;

/**
 * The AWS SDK v3 is left to the Lambda runtime (every Node.js runtime since 18 ships all of it,
 * `@aws-sdk/*` with its `@smithy/*` dependencies), as CDK does by default. Measured on this repository
 * (issue 9): bundling it adds 350–420 KB to every function, so no function could stay under the
 * 300 KB budget; the runtime's copy is loaded from the runtime's own disk instead. What we give up:
 * the deployed SDK version is the runtime's, not our lockfile's; we use only long-stable commands
 * (GetItem/PutItem/UpdateItem/Query/TransactWriteItems with ReturnValuesOnConditionCheckFailure,
 * SendEmail, PutEvents, SendMessage, CreateSchedule).
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@smithy/*'];

/**
 * The esbuild options of a function bundle (the CDK construct maps these onto NodejsFunction's).
 * CommonJS, not ESM: the runtime's AWS SDK is CommonJS, and an ES module that imports it makes Node.js
 * scan each SDK entry file for its export names (cjs-module-lexer) at every cold start; `require` skips
 * that. Measured with `npm run bench` (issue 9 note): about a third less module init. Nothing of ours
 * needs ESM at run time (no top-level await, no import.meta).
 */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  // ESM builds of dependencies first: esbuild tree-shakes them, which it cannot do for CommonJS.
  mainFields: ['module', 'main'],
  external: RUNTIME_PROVIDED_MODULES,
} as const satisfies BuildOptions;

/** Largest bundle (minified, without source map) that a function may have: cold starts grow with it. */
export const MAX_BUNDLE_BYTES = 300 * 1024;

/**
 * Every function of the application, by name and handler module: routes, the 405 answerer, stream
 * consumers, rules, queues, schedules.
 */
export function functionEntries(): Array<{ name: string; entry: string }> {
  return [
    ...ROUTE_LIST,
    METHOD_NOT_ALLOWED,
    ...Object.values(STREAM_CONSUMERS),
    ...Object.values(EVENT_RULES),
    ...Object.values(QUEUES),
    ...Object.values(SCHEDULES),
    ...Object.values(DEAD_LETTER_CONSUMERS),
    WEBHOOK_QUEUE,
  ].map(({ name, entry }) => ({ name, entry }));
}
