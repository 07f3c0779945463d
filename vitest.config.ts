import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'eu-west-3',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
