import { createHash } from 'node:crypto';
import type { HttpResult } from './middleware';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A page served by the stack itself. The Content-Security-Policy allows nothing from
 * elsewhere: inline styles, and inline scripts only by their hash, so the page works with
 * no network beyond this API and an injected script would not run.
 */
export function htmlResponse(page: string, options: { scripts?: string[]; connectSelf?: boolean } = {}): HttpResult {
  const hashes = (options.scripts ?? []).map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'img-src data:',
    ...(hashes.length ? [`script-src ${hashes.join(' ')}`] : []),
    ...(options.connectSelf ? ["connect-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': policy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
    body: page,
  };
}
