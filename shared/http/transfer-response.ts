import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { TransferQueryResult } from '../domain/transfer-queries.js';
import type { Language } from '../i18n/language.js';
import { negotiateLanguage } from '../i18n/negotiate.js';
import type { TransferViewName } from '../i18n/transfers.js';
import { transfersCsv } from '../views/transfers-csv.js';
import { renderTransfersPage } from '../views/transfers-page.js';
import { type HttpResult, htmlPage, json } from './responses.js';

export type TransferFormat = 'json' | 'csv' | 'html';

/** `?format=` first, then the Accept header (a browser asks for text/html), JSON otherwise. */
export function negotiateFormat(format: TransferFormat | undefined, accept: string | undefined): TransferFormat {
  if (format !== undefined) return format;
  const wanted = (accept ?? '').toLowerCase();
  if (wanted.includes('text/csv')) return 'csv';
  if (wanted.includes('text/html')) return 'html';
  return 'json';
}

/** The same query in another format, or its next page: links of the HTML page and `Link` headers. */
function sameQuery(event: APIGatewayProxyEventV2, changes: Record<string, string>): string {
  const params = new URLSearchParams(event.rawQueryString ?? '');
  for (const [name, value] of Object.entries(changes)) params.set(name, value);
  return `${event.rawPath}?${params.toString()}`;
}

/**
 * One answer of the three transfer routes, in the format asked for; the page and the CSV headers in
 * the language of `?lang=`, else of Accept-Language. Every answer varies on Accept-Language, since the
 * same URL gives another page to another reader.
 */
export function transferResponse(
  result: TransferQueryResult,
  request: { format: TransferFormat; lang: Language | undefined; acceptLanguage: string | undefined },
  view: TransferViewName,
  event: APIGatewayProxyEventV2,
): HttpResult {
  const { format } = request;
  const language = negotiateLanguage(request.lang, request.acceptLanguage);
  const vary = { vary: 'Accept-Language' };
  const next = result.nextCursor === undefined ? undefined : sameQuery(event, { cursor: result.nextCursor });
  const link: Record<string, string> = next === undefined ? {} : { link: `<${next}>; rel="next"` };
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-disposition': 'attachment; filename="transfers.csv"',
        'cache-control': 'no-store',
        'content-language': language,
        ...vary,
        ...link,
      },
      body: transfersCsv(result.transfers, language),
    };
  }
  if (format === 'html') {
    const page = renderTransfersPage(
      view,
      result.transfers,
      {
        csv: sameQuery(event, { format: 'csv' }),
        json: sameQuery(event, { format: 'json' }),
        ...(next !== undefined && { next }),
      },
      language,
    );
    const answer = htmlPage(200, page);
    return { ...answer, headers: { ...answer.headers, 'content-language': language, ...vary } };
  }
  return json(200, result, { 'cache-control': 'no-store', ...vary, ...link });
}
