import type * as z from 'zod';
import type { Issue } from '../domain/errors.js';

/** `['subprocessors', 3, 'safeguard']` → `subprocessors[3].safeguard` */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out === '' ? String(part) : `${out}.${String(part)}`;
  }, root);
}

/** Turns zod issues into field-located issues, one per unknown field where zod groups them. */
export function issuesFromZod(error: z.ZodError, root = ''): Issue[] {
  return error.issues.flatMap((issue): Issue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const path = formatPath([...issue.path, key], root);
        return { path, rule: 'unknown-field', message: `${path}: unknown field` };
      });
    }
    const path = formatPath(issue.path, root) || root || '(body)';
    const rule = issue.code === 'custom' ? 'invalid' : issue.code.replaceAll('_', '-');
    return [{ path, rule, message: `${path}: ${issue.message}` }];
  });
}
