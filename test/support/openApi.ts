import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

export interface OpenApiValidation {
  valid: boolean;
  /** The OpenAPI version the validator recognised, e.g. "3.1". */
  version: string | null;
  errors: unknown;
}

/** Validates a document against the OpenAPI schema of its version (@seriousme/openapi-schema-validator). */
export function validateOpenApi(document: unknown): Promise<OpenApiValidation> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'validateOpenApi.mjs')], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`validator failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as OpenApiValidation);
    });
    child.stdin!.end(JSON.stringify(document));
  });
}

export interface DeclaredRoute {
  functionName: string;
  method: string;
  path: string;
}

/** Every httpApi route serverless.yml declares, as API Gateway will serve it. */
export function declaredHttpRoutes(file = path.join(ROOT, 'serverless.yml')): DeclaredRoute[] {
  const doc = YAML.parse(readFileSync(file, 'utf8'), { logLevel: 'silent' }) as {
    functions: Record<string, { events?: { httpApi?: { method: string; path: string } }[] }>;
  };
  return Object.entries(doc.functions).flatMap(([functionName, fn]) =>
    (fn.events ?? []).flatMap((e) => (e.httpApi ? [{ functionName, method: e.httpApi.method.toUpperCase(), path: e.httpApi.path }] : [])),
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** `METHOD /path` of every operation in an OpenAPI document. */
export function documentedOperations(document: { paths?: object }): string[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`));
}

/**
 * The declared routes the document does not describe. A greedy route (`ANY /vendors/{proxy+}`)
 * has no OpenAPI equivalent: it counts as described when the document has operations below
 * its prefix (the concrete routes its function serves).
 */
export function undocumentedRoutes(routes: DeclaredRoute[], operations: string[]): DeclaredRoute[] {
  return routes.filter((route) => {
    const greedy = /^(.*)\/\{\w+\+\}$/.exec(route.path);
    if (greedy) {
      const prefix = `${greedy[1]}/`;
      return !operations.some((op) => (route.method === 'ANY' || op.startsWith(`${route.method} `)) && op.split(' ')[1]!.startsWith(prefix));
    }
    return !operations.includes(`${route.method} ${route.path}`);
  });
}

/** The documented operations that no declared route serves (a stale document). */
export function unservedOperations(routes: DeclaredRoute[], operations: string[]): string[] {
  return operations.filter((op) => {
    const [method, p] = op.split(' ') as [string, string];
    return !routes.some((route) => {
      const greedy = /^(.*)\/\{\w+\+\}$/.exec(route.path);
      const methodMatches = route.method === 'ANY' || route.method === method;
      return methodMatches && (greedy ? p.startsWith(`${greedy[1]}/`) : route.path === p);
    });
  });
}
