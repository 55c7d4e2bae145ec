import { ValidationError } from '../errors';
import { nulCharacterPath } from './validation';

/** Opaque pagination cursors: base64url JSON, so clients cannot come to depend on their shape. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isPosition: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  // A forged cursor with NUL in a string would reach the database, which cannot compare such text.
  if (!isPosition(value) || nulCharacterPath(value) !== undefined) throw new ValidationError('invalid cursor', [{ path: 'cursor', message: 'not a cursor this API issued' }]);
  return value;
}
