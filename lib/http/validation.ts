import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Parses untrusted input with a zod schema; failures become one 400 listing every field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const first = errors[0]!;
  throw new ValidationError(`invalid ${what}: ${first.path} ${first.message}`, errors);
}

/**
 * Where in a parsed JSON value a string (or key) holds U+0000, or undefined. PostgreSQL
 * text cannot store that character: such input is refused at the edge as a 400, instead of
 * failing in the database as a 500. Walks with a stack of its own, so depth costs no recursion.
 */
export function nulCharacterPath(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return visible(path || '(root)');
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return visible(childPath);
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}

/** A path fit to echo back: each NUL written as a backslash and a zero. */
function visible(path: string): string {
  return path.replace(/\u0000/g, '\\0');
}

/** How deeply objects and arrays nest in a parsed JSON value (a scalar is 0). */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return deepest;
}
