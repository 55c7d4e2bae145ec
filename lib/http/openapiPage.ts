import type { oas31 } from 'zod-openapi';
import { escapeHtml } from './html';

/**
 * The OpenAPI document as a page, rendered on the server: no script, no CDN, nothing to
 * download, so it works offline and behind any proxy. Operations are grouped by tag;
 * each opens to its parameters, body and responses; schemas link to their components.
 */
export function renderApiReference(document: oas31.OpenAPIObject): string {
  const operations = listOperations(document);
  const tags = (document.tags ?? []).map((t) => t.name).filter((name) => operations.some((o) => o.tag === name));
  const sections = tags
    .map((tag) => {
      const description = document.tags?.find((t) => t.name === tag)?.description ?? '';
      const ops = operations.filter((o) => o.tag === tag);
      return `<section id="tag-${escapeHtml(tag)}"><h2>${escapeHtml(tag)}</h2><p class="muted">${inline(description)}</p>${ops.map(renderOperation).join('')}</section>`;
    })
    .join('');
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(([name, schema]) => `<details id="schema-${escapeHtml(name)}" class="schema"><summary>${escapeHtml(name)}</summary>${schemaBlock(schema)}</details>`)
    .join('');
  const nav = tags.map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} · API reference</title>
<style>${STYLE}</style></head>
<body>
<header><h1>${escapeHtml(document.info.title)} <span class="version">v${escapeHtml(document.info.version)} · OpenAPI ${escapeHtml(document.openapi)}</span></h1>
<p>${inline(document.info.description ?? '')}</p>
<p><a href="openapi.json">openapi.json</a> · <a href="dashboard">dashboard</a></p>
<nav>${nav}<a href="#schemas">schemas</a></nav></header>
<main>${sections}<section id="schemas"><h2>schemas</h2>${schemas}</section></main>
</body></html>`;
}

interface Operation {
  tag: string;
  method: string;
  path: string;
  operation: oas31.OperationObject;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export function listOperations(document: oas31.OpenAPIObject): Operation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as oas31.PathItemObject)[method];
      return operation ? [{ tag: operation.tags?.[0] ?? 'other', method, path, operation }] : [];
    }),
  );
}

function renderOperation({ method, path, operation }: Operation): string {
  const secured = operation.security?.length ? '<span class="lock" title="needs x-api-key">x-api-key</span>' : '';
  const deprecated = operation.deprecated ? '<span class="deprecated">deprecated</span>' : '';
  const parameters = (operation.parameters ?? []) as oas31.ParameterObject[];
  const body = operation.requestBody as oas31.RequestBodyObject | undefined;
  return `<details class="operation" id="op-${escapeHtml(operation.operationId ?? `${method}-${path}`)}">
<summary><span class="method ${method}">${method.toUpperCase()}</span><code class="path">${escapeHtml(path)}</code><span class="summary">${inline(operation.summary ?? '')}</span>${deprecated}${secured}</summary>
<div class="body">
${operation.description ? `<p>${inline(operation.description)}</p>` : ''}
${parameters.length ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>schema</th><th>description</th></tr>${parameters.map(renderParameter).join('')}</table>` : ''}
${body ? `<h4>Request body${body.required ? '' : ' (optional)'}</h4>${renderContent(body.content)}` : ''}
<h4>Responses</h4><table class="responses"><tr><th>status</th><th>description</th><th>body</th></tr>${Object.entries(operation.responses ?? {})
    .map(([status, response]) => renderResponse(status, response as oas31.ResponseObject))
    .join('')}</table>
</div></details>`;
}

function renderParameter(parameter: oas31.ParameterObject): string {
  const name = `<code>${escapeHtml(parameter.name)}</code>${parameter.required ? ' <span class="req">required</span>' : ''}`;
  return `<tr><td>${name}</td><td>${escapeHtml(parameter.in)}</td><td>${typeOf(parameter.schema)}</td><td>${inline(parameter.description ?? '')}</td></tr>`;
}

function renderResponse(status: string, response: oas31.ResponseObject): string {
  const headers = Object.keys(response.headers ?? {});
  const headerNote = headers.length ? `<div class="muted">headers: ${headers.map((h) => `<code>${escapeHtml(h)}</code>`).join(', ')}</div>` : '';
  return `<tr><td><span class="status s${status[0]}">${escapeHtml(status)}</span></td><td>${inline(response.description ?? '')}${headerNote}</td><td>${response.content ? renderContent(response.content) : ''}</td></tr>`;
}

function renderContent(content: oas31.ContentObject | undefined): string {
  return Object.entries(content ?? {})
    .map(([type, media]) => `<div><span class="muted">${escapeHtml(type)}</span> ${media.schema && '$ref' in media.schema ? typeOf(media.schema) : schemaBlock(media.schema)}</div>`)
    .join('');
}

/** A one-line description of a schema: its component's name as a link, or its type and bounds. */
function typeOf(schema: oas31.SchemaObject | oas31.ReferenceObject | undefined): string {
  if (!schema) return '';
  if ('$ref' in schema) return refLink(schema.$ref ?? '');
  if (schema.type === 'array' && schema.items) return `array of ${typeOf(schema.items)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? (schema.anyOf ? 'one of several' : 'any'));
  const facts = [
    schema.enum ? `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` : '',
    schema.format ? `format ${schema.format}` : '',
    schema.minimum !== undefined ? `≥ ${schema.minimum}` : '',
    schema.maximum !== undefined ? `≤ ${schema.maximum}` : '',
    schema.maxLength !== undefined ? `≤ ${schema.maxLength} chars` : '',
    schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : '',
  ].filter(Boolean);
  return `<code>${escapeHtml(type)}</code>${facts.length ? ` <span class="muted">${escapeHtml(facts.join(', '))}</span>` : ''}`;
}

function refLink(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  return `<a class="ref" href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
}

/** The schema as indented JSON, its references made links. */
function schemaBlock(schema: unknown): string {
  const text = escapeHtml(JSON.stringify(schema, null, 2));
  return `<pre>${text.replace(/&#34;\$ref&#34;: &#34;#\/components\/schemas\/([\w.-]+)&#34;/g, (_m, name: string) => `&#34;$ref&#34;: <a class="ref" href="#schema-${name}">${name}</a>`)}</pre>`;
}

/** Descriptions use `backticks` for code; everything else is text. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const STYLE = `
:root{--fg:#1d2430;--muted:#667085;--line:#e4e7ec;--bg:#f7f8fa;--card:#fff;--accent:#2e6be6}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:var(--card);border-bottom:1px solid var(--line);padding:20px 32px}h1{margin:0 0 6px;font-size:22px}
.version{font-size:13px;font-weight:400;color:var(--muted)}header p{margin:4px 0;max-width:900px}
nav{display:flex;gap:14px;flex-wrap:wrap;margin-top:10px}a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
main{padding:12px 32px 48px;max-width:1200px}h2{text-transform:capitalize;margin:28px 0 4px;font-size:18px}
.muted{color:var(--muted)}code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef1f5;padding:1px 4px;border-radius:4px}
details.operation,details.schema{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:8px 0}
summary{cursor:pointer;padding:10px 14px;display:flex;gap:12px;align-items:center;list-style:none}summary::-webkit-details-marker{display:none}
.method{font:600 12px ui-monospace,monospace;color:#fff;border-radius:4px;padding:3px 0;width:64px;text-align:center;flex:none}
.get{background:#2e7d32}.post{background:#2e6be6}.put{background:#b26a00}.delete{background:#c62828}.patch{background:#6a4bc4}
.path{background:none;font-size:13.5px;font-weight:600}.summary{color:var(--muted);flex:1}
.lock,.deprecated{font-size:11px;border-radius:10px;padding:1px 8px;border:1px solid var(--line);color:var(--muted)}.deprecated{color:#b26a00}
.body{padding:4px 16px 14px;border-top:1px solid var(--line)}h4{margin:14px 0 6px;font-size:13px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}th{font-weight:600;color:var(--muted);font-size:12px}
.req{color:#c62828;font-size:11px}.status{font:600 12px ui-monospace,monospace;padding:2px 6px;border-radius:4px;background:#eef1f5}
.s2{color:#2e7d32}.s4{color:#b26a00}.s5{color:#c62828}
pre{margin:6px 0;background:#f3f5f8;border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:420px;font:12px/1.45 ui-monospace,monospace}
details.schema>pre{margin:0 14px 14px}
`;
