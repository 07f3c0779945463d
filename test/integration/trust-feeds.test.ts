import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aVendorWithClients, publishAddition } from '../support/notice-fixtures.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

type AtomText = string | { '#text': string; '@_type'?: string };
interface AtomEntry {
  id: string;
  title: AtomText;
  updated: string;
  content: AtomText;
}

/** The text of an Atom text construct (`type="html"` elements come back with their attribute). */
const textOf = (node: AtomText | undefined) => (typeof node === 'object' ? node['#text'] : node);

/** Parsed by an XML parser, as a feed reader would: never by regular expressions. */
function parseAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'entry' || name === 'link',
  }).parse(xml);
  const feed = parsed.feed as {
    '@_xmlns': string;
    id: string;
    title: AtomText;
    link: Array<{ '@_rel'?: string; '@_href': string }>;
    entry: AtomEntry[];
  };
  return feed;
}

describe('the public feeds of a processor’s list', () => {
  it('serves an Atom feed with one entry per version, its changes and when it applies, cacheable', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    await publishAddition(api, vendor);
    const path = `/trust/${vendor.processor.id}/feed.atom`;

    const response = await api.call('GET', path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    const feed = parseAtom(response.body as string);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(textOf(feed.title)).toMatch(/^Sub-processors of Vendor /);
    expect(feed.link.find((l) => l['@_rel'] === 'self')?.['@_href']).toMatch(new RegExp(`${path}$`));
    expect(feed.entry.map((e) => e.id)).toEqual([
      `urn:subprocessor-registry:${vendor.processor.id}:version:2`,
      `urn:subprocessor-registry:${vendor.processor.id}:version:1`,
    ]);
    const [pending, baseline] = feed.entry;
    expect(textOf(pending?.title)).toBe('Version 2 of the sub-processor list');
    expect(textOf(pending?.content)).toContain('Added: Functional Software, Inc. (Sentry)');
    expect(textOf(pending?.content)).toContain('Takes effect not before');
    expect(textOf(baseline?.content)).toContain('The first published list.');

    // Revalidation: the same content answers 304 without a body.
    const etag = response.headers.get('etag') as string;
    expect(etag).toMatch(/^"sha256-[A-Za-z0-9_-]{43}"$/);
    const again = await api.call('GET', path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();

    // In French, by Accept-Language or ?lang=.
    const french = await api.call('GET', path, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(french.headers.get('content-language')).toBe('fr');
    const frFeed = parseAtom(french.body as string);
    expect(textOf(frFeed.title)).toMatch(/^Sous-traitants ultérieurs de Vendor /);
    expect(textOf(frFeed.entry[0]?.content)).toContain('Prend effet au plus tôt le');
    expect(french.headers.get('etag')).not.toBe(etag);

    // Once the version took effect, its entry says so and the ETag changes.
    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    const after = await api.call('GET', path, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(textOf(parseAtom(after.body as string).entry[0]?.content)).toContain('In effect since');
  });

  it('serves the list in force and the pending changes as subprocessor-list v1, valid against its own JSON Schema', async () => {
    const vendor = await aVendorWithClients(api, 1, 15);
    await publishAddition(api, vendor);
    const path = `/trust/${vendor.processor.id}/subprocessors.json`;

    const schemaResponse = await api.call('GET', '/schemas/subprocessor-list-v1.json');
    expect(schemaResponse.status).toBe(200);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schemaResponse.body);

    const response = await api.call('GET', path);
    expect(response.status).toBe(200);
    expect(validate(response.body), JSON.stringify(validate.errors)).toBe(true);
    expect(response.body).toMatchObject({
      $schema: expect.stringMatching(/\/schemas\/subprocessor-list-v1\.json$/),
      format: 'subprocessor-list',
      formatVersion: 1,
      processor: { id: vendor.processor.id },
      inForce: { version: 1, effectiveState: 'effective' },
      pending: [{ version: 2, effectiveState: 'scheduled' }],
    });
    expect(response.body.inForce.subprocessors).toHaveLength(1);
    expect(response.body.pending[0].subprocessors).toHaveLength(2);
    expect(response.body.pending[0].changes.added.map((a: { name: string }) => a.name)).toEqual([
      'Functional Software, Inc. (Sentry)',
    ]);
    // The pending change's time is the projection: not before the last window closes.
    const notice = await api.call(
      'GET',
      `/notices/${response.body.pending[0] && `ntc_${vendor.processor.id.replace(/^prc_/, '')}_2`}`,
      {
        key: vendor.processor.apiKey,
      },
    );
    expect(response.body.pending[0].effectiveAt).toBe(notice.body.effectiveAt);

    const etag = response.headers.get('etag') as string;
    expect((await api.call('GET', path, { headers: { 'if-none-match': etag } })).status).toBe(304);

    await api.call('POST', '/_local/clock', { key: api.adminKey, body: { advanceDays: 16 } });
    const after = await api.call('GET', path, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(validate(after.body)).toBe(true);
    expect(after.body).toMatchObject({ inForce: { version: 2, effectiveState: 'effective' }, pending: [] });
  });

  it('answers 404 for an unknown processor, without a key', async () => {
    expect((await api.call('GET', '/trust/prc_unknown000000000/feed.atom')).status).toBe(404);
    expect((await api.call('GET', '/trust/prc_unknown000000000/subprocessors.json')).status).toBe(404);
  });
});
