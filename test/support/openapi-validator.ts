import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`: from ESM the plugin is the `default` of the import.
const addFormats = formats.default;

/** What the validator needs of one HTTP exchange. */
export interface ObservedResponse {
  method: string;
  /** The request path, with or without its query string. */
  path: string;
  status: number;
  headers: Headers;
  /** The body exactly as received ('' for none). */
  text: string;
}

interface OpenApiResponse {
  content?: Record<string, { schema?: object }>;
  headers?: Record<string, { required?: boolean; schema?: object }>;
}
interface OpenApiOperation {
  responses: Record<string, OpenApiResponse>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas?: Record<string, unknown> };
  /** The answer to a method a path does not declare (405 with Allow). */
  'x-method-not-allowed': OpenApiResponse;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DOCUMENT_ID = 'openapi.json';

/** RFC 6901 JSON pointer of the given segments, as a URI fragment. */
const pointer = (segments: readonly string[]) =>
  `#/${segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;

const describeError = (error: ErrorObject) => {
  const at = error.instancePath === '' ? '(body)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)}`
        : '';
  return `${at} ${error.message ?? error.keyword}${extra}`;
};

/**
 * Checks HTTP responses against an OpenAPI 3.1 document: the status is declared for the path and
 * method (an undeclared method on a known path must be the document's 405 with `Allow`), the
 * declared headers are present where required and match their schemas, the media type is declared,
 * and the body validates against the declared JSON Schema (2020-12, by Ajv).
 */
export class OpenApiValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;

  constructor(readonly document: OpenApiDocument) {
    // strict: false because the document is more than a schema (operationId, summary, …).
    this.ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(document as object, DOCUMENT_ID);
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  /** The served document, from a running stack (not the in-process object). */
  static async fromServer(baseUrl: string): Promise<OpenApiValidator> {
    const response = await fetch(`${baseUrl}/openapi.json`);
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return new OpenApiValidator((await response.json()) as OpenApiDocument);
  }

  private validator(segments: readonly string[]): ValidateFunction {
    const ref = `${DOCUMENT_ID}${pointer(segments)}`;
    let validate = this.compiled.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }

  /** The first mismatch, as a sentence naming the route and the status; undefined when it conforms. */
  check(observed: ObservedResponse): string | undefined {
    const method = observed.method.toUpperCase();
    const path = observed.path.split('?')[0] ?? '';
    const template = this.templates.find((t) => t.pattern.test(path))?.template;
    if (template === undefined) {
      // API Gateway's own answer to a path it does not know; nothing of ours ran.
      return observed.status === 404 ? undefined : `${method} ${path}: the path is not in the document`;
    }
    const item = this.document.paths[template] ?? {};
    const route = `${method} ${template}`;
    const operation = item[method.toLowerCase()];
    if (operation === undefined) {
      const allowed = HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => m.toUpperCase());
      if (observed.status !== 405) return `${route} → ${observed.status}: an undeclared method must answer 405`;
      const allow = observed.headers.get('allow');
      // The order of Allow carries no meaning (RFC 9110 §10.2.1).
      const listed = (allow ?? '').split(',').map((m) => m.trim());
      if (listed.sort().join() !== allowed.sort().join()) {
        return `${route} → 405: Allow is "${allow}", expected ${allowed.join(', ')}`;
      }
      return this.checkBody(`${route} → 405`, observed, ['x-method-not-allowed'], method);
    }
    const status = String(observed.status);
    const wildcard = `${status[0]}XX`;
    const key = [status, wildcard, 'default'].find((k) => operation.responses[k] !== undefined);
    if (key === undefined) {
      const declared = Object.keys(operation.responses).join(', ');
      return `${route} → ${status}: the status is not declared (declared: ${declared})`;
    }
    return this.checkBody(
      `${route} → ${status}`,
      observed,
      ['paths', template, method.toLowerCase(), 'responses', key],
      method,
    );
  }

  private checkBody(
    where: string,
    observed: ObservedResponse,
    responsePath: readonly string[],
    method: string,
  ): string | undefined {
    let response: unknown = this.document;
    for (const segment of responsePath) response = (response as Record<string, unknown>)[segment];
    for (const [name, header] of Object.entries((response as OpenApiResponse).headers ?? {})) {
      const value = observed.headers.get(name);
      if (value === null) {
        if (header.required === true) return `${where}: the required header ${name} is missing`;
        continue;
      }
      const validate = this.validator([...responsePath, 'headers', name, 'schema']);
      if (!validate(value)) return `${where}: header ${name} "${value}" does not match its schema`;
    }
    const content = (response as OpenApiResponse).content;
    const contentType = observed.headers.get('content-type');
    if (content === undefined) {
      return observed.text === '' ? undefined : `${where}: a body was sent where none is declared`;
    }
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (content[mediaType] === undefined) {
      return `${where}: content type "${contentType}" is not declared (declared: ${Object.keys(content).join(', ')})`;
    }
    // HEAD carries the headers of GET and no body.
    if (method === 'HEAD') return observed.text === '' ? undefined : `${where}: HEAD answered with a body`;
    let body: unknown = observed.text;
    if (mediaType === 'application/json') {
      try {
        body = JSON.parse(observed.text);
      } catch {
        return `${where}: the body is not JSON`;
      }
    }
    const validate = this.validator([...responsePath, 'content', mediaType, 'schema']);
    if (validate(body)) return undefined;
    const [first] = validate.errors ?? [];
    return `${where}: the body does not match the schema: ${first === undefined ? 'invalid' : describeError(first)}`;
  }

  /** Throws with the first mismatch. */
  assert(observed: ObservedResponse): void {
    const problem = this.check(observed);
    if (problem !== undefined) throw new Error(`OpenAPI contract: ${problem}`);
  }
}

/**
 * JSON pointers of response-body objects that accept undeclared properties: every object with
 * `properties` must say `additionalProperties: false` (a map says what its values are instead).
 */
export function openResponseObjects(document: OpenApiDocument): string[] {
  const open: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) walk(child, `${at}/${i}`);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (schema.properties !== undefined && schema.additionalProperties !== false) open.push(at);
    for (const [key, child] of Object.entries(schema)) walk(child, `${at}/${key}`);
  };
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          walk(media.schema, `${template} ${method} ${status} ${type}`);
        }
      }
    }
  }
  for (const [type, media] of Object.entries(document['x-method-not-allowed'].content ?? {})) {
    walk(media.schema, `x-method-not-allowed ${type}`);
  }
  walk(document.components.schemas, 'components/schemas');
  return open;
}
