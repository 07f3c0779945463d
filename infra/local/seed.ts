import { DEMO_CLIENTS, DEMO_PROCESSOR, DEMO_PROCESSOR_LANGUAGE, DEMO_SUBPROCESSORS } from './demo-data.js';

export interface SeededDemo {
  processor: { id: string; apiKey: string };
  clients: Array<{ id: string; apiKey: string; name: string }>;
}

async function call<T>(apiUrl: string, method: string, path: string, key: string, body: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`seed: ${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Seeds the demo through the public API, so the demo walks the same paths as users do. */
export async function seedDemo(apiUrl: string, adminApiKey: string): Promise<SeededDemo> {
  const processor = await call<{ id: string; apiKey: string }>(
    apiUrl,
    'POST',
    '/processors',
    adminApiKey,
    DEMO_PROCESSOR,
  );
  // A French vendor: its clients read French unless their contract says otherwise.
  await call(apiUrl, 'PATCH', `/processors/${processor.id}`, processor.apiKey, {
    defaultLanguage: DEMO_PROCESSOR_LANGUAGE,
  });
  const clients: SeededDemo['clients'] = [];
  for (const demo of DEMO_CLIENTS) {
    const client = await call<{ id: string; apiKey: string }>(apiUrl, 'POST', '/clients', adminApiKey, {
      name: demo.name,
    });
    await call(apiUrl, 'POST', `/processors/${processor.id}/contracts`, processor.apiKey, {
      clientId: client.id,
      notifyEmails: demo.notifyEmails,
      noticePeriodDays: demo.noticePeriodDays,
      ...('scopes' in demo && { scopes: demo.scopes }),
      ...('language' in demo && { language: demo.language }),
    });
    clients.push({ ...client, name: demo.name });
  }
  await call(apiUrl, 'PUT', `/processors/${processor.id}/subprocessors`, processor.apiKey, {
    subprocessors: DEMO_SUBPROCESSORS,
  });
  return { processor, clients };
}
