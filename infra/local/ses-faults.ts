import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the SES stand-in does wrong on purpose, set through POST /_local/ses-faults. */
export interface SesFaults {
  /** Addresses SES refuses for good (`MessageRejected`, as for an address it will not send to). */
  refuse: string[];
  /** SES does not answer (503 ServiceUnavailable): every send fails until this is turned off. */
  unavailable: boolean;
}

const SES_XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';

/** An SES (query protocol) error, as the SDK reads it: the code picks the exception class. */
function sesError(code: string, message: string, type: 'Sender' | 'Receiver'): string {
  return `<ErrorResponse xmlns="${SES_XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A proxy in front of the SES emulator (which never fails) that can refuse addresses or be down,
 * so the local stack can show what a refused or failed e-mail does. The functions reach SES through
 * it (AWS_ENDPOINT_URL_SES); the inbox is read from the emulator itself.
 */
export async function startSesFaultProxy(emulatorUrl: string): Promise<{
  url: string;
  faults: SesFaults;
  server: Server;
}> {
  const faults: SesFaults = { refuse: [], unavailable: false };
  const target = new URL(emulatorUrl);
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const reply = (status: number, xml: string) => {
      response.writeHead(status, { 'content-type': 'text/xml' });
      response.end(xml);
    };
    if (faults.unavailable) {
      reply(503, sesError('ServiceUnavailable', 'Service is unavailable (local fault)', 'Receiver'));
      return;
    }
    const form = new URLSearchParams(body.toString('utf8'));
    const recipients = [...form.entries()]
      .filter(([name]) => /^Destination\.(To|Cc|Bcc)Addresses\.member\.\d+$/.test(name))
      .map(([, address]) => address.toLowerCase());
    const refused = recipients.filter((address) => faults.refuse.includes(address));
    if (refused.length > 0) {
      reply(400, sesError('MessageRejected', `Email address is not verified: ${refused.join(', ')}`, 'Sender'));
      return;
    }
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
      },
      (upstream) => {
        response.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(response);
      },
    );
    forwarded.on('error', (error) => reply(502, sesError('InternalFailure', String(error), 'Receiver')));
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, faults, server };
}
