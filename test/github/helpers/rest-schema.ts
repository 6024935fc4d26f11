import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Validates the request bodies dbarch sends against GitHub's published REST description
 * (@octokit/openapi). Objects are made strict (no properties the description does not list), so
 * a misspelt or invented field fails the test as GitHub would ignore or reject it.
 */
interface Operation {
  method: string;
  pattern: RegExp;
  template: string;
  schema?: object;
}

const require = createRequire(import.meta.url);
let operations: Operation[] | undefined;
let components: object | undefined;
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
(require('ajv-formats') as (ajv: Ajv) => Ajv)(ajv);
const compiled = new Map<string, ValidateFunction>();

function loadOperations(): Operation[] {
  if (operations) return operations;
  const document = require('@octokit/openapi/generated/api.github.com.json') as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: object }> } }>>;
    components: object;
  };
  components = document.components;
  operations = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({ method: method.toUpperCase(), pattern, template, ...(schema ? { schema } : {}) });
    }
  }
  // Literal segments first: /pulls/comments/{id} must not match /pulls/{number}/… templates.
  operations.sort((a, b) => countParameters(a.template) - countParameters(b.template));
  return operations;
}

function countParameters(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}

/** Loads GitHub's description once, before any request is intercepted. */
export function preloadRestSchema(): void {
  loadOperations();
  if (!ajv.getSchema('github')) ajv.addSchema({ $id: 'github', components }, 'github');
}

/** Errors for one request ([] when valid); unknown routes are an error too. */
export function validateRequest(method: string, path: string, body: unknown): string[] {
  const pathname = path.split('?')[0]!;
  if (pathname === '/graphql') return validateGraphql(body);
  const operation = loadOperations().find((candidate) => candidate.method === method && candidate.pattern.test(pathname));
  if (!operation) return [`${method} ${pathname}: not an operation of GitHub's REST API`];
  if (!operation.schema) return [];
  const key = `${operation.method} ${operation.template}`;
  let validate = compiled.get(key);
  if (!validate) {
    if (!ajv.getSchema('github')) ajv.addSchema({ $id: 'github', components }, 'github');
    validate = ajv.compile(strictify(operation.schema) as object);
    compiled.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${key}: body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
}

function validateGraphql(body: unknown): string[] {
  const request = body as { query?: unknown; variables?: unknown };
  return typeof request?.query === 'string' ? [] : ['POST /graphql: body has no query'];
}

function strictify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictify);
  if (typeof schema !== 'object' || schema === null) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') result[key] = value.replace(/^#\/components\//, 'github#/components/');
    else result[key] = key === 'properties' ? mapValues(value as Record<string, unknown>, strictify) : strictify(value);
  }
  const composed = 'allOf' in result || 'anyOf' in result || 'oneOf' in result;
  if ('properties' in result && !('additionalProperties' in result) && !composed) result.additionalProperties = false;
  return result;
}

function mapValues(object: Record<string, unknown>, map: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));
}
