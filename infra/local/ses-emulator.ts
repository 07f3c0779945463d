import type { Server } from 'node:http';
import sesEmulator from 'aws-ses-v2-local';
import { freePort } from './dynamodb-local.js';

type StartSes = (config: { port: number; host: string }) => Promise<Server>;

/** The SES emulator `aws-ses-v2-local`: SES v1/v2 API, inbox page at `/`, JSON at `/store`. */
export async function startSesEmulator(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  // CommonJS package: from ESM its default export is the module object.
  const module = sesEmulator as unknown as StartSes | { default: StartSes };
  const start = typeof module === 'function' ? module : module.default;
  const chosen = port === 0 ? await freePort() : port;
  const server = await start({ port: chosen, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${chosen}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
