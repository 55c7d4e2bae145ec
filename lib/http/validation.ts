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
