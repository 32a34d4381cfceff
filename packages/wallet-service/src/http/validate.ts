import { z } from 'zod';
import { invalidPayload, type Detail } from './errors';

/**
 * zod issues as the API's `details: [{message, path}]`: one entry per problem (unknown keys each get
 * their own), each message naming the field in the style clients of the upstream API already see
 * (`"count" must be at most 50`, `"xpubkey" is required`, `"foo" is not allowed`).
 */
type Issue = z.core.$ZodIssue;

const label = (path: PropertyKey[]) => (path.length === 0 ? '"value"' : `"${path.map(String).join('.')}"`);

function bound(issue: Extract<Issue, { code: 'too_big' | 'too_small' }>): string {
  const word = issue.code === 'too_big' ? 'at most' : 'at least';
  const limit = String(issue.code === 'too_big' ? issue.maximum : issue.minimum);
  switch (issue.origin) {
    case 'string':
      return `length must be ${word} ${limit} characters long`;
    case 'array':
    case 'set':
      return `must contain ${word} ${limit} items`;
    case 'file':
      return `must be ${word} ${limit} bytes`;
    case 'bigint':
    case 'date':
    case 'int':
    case 'number':
    default: {
      const inclusive = issue.inclusive !== false;
      if (inclusive) return `must be ${word} ${limit}`;
      return `must be ${issue.code === 'too_big' ? 'less' : 'greater'} than ${limit}`;
    }
  }
}

function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'is required' : `must be of type ${issue.expected}`;
    case 'too_big':
    case 'too_small':
      return bound(issue);
    case 'invalid_value':
      return `must be one of [${issue.values.map(String).join(', ')}]`;
    case 'invalid_format':
      return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `has an invalid format (${issue.format})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'unrecognized_keys':
      return issue.message;
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** One detail per field: the first problem found (a value too short is not also reported as malformed). */
export function detailsOf(error: z.ZodError, input: unknown): Detail[] {
  const out: Detail[] = [];
  const reported = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const key = JSON.stringify(path);
    if (issue.code !== 'unrecognized_keys') {
      if (reported.has(key)) continue;
      reported.add(key);
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ message: `${label([...issue.path, key])} is not allowed`, path: [...path, key] });
      continue;
    }
    out.push({ message: `${label(issue.path)} ${describe(issue, valueAt(input, issue.path))}`, path });
  }
  return out;
}

/** Parses `input` or throws 400 invalid-payload listing every problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidPayload(detailsOf(result.error, input));
  return result.data;
}
