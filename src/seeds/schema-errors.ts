/**
 * Ajv's errors as (path, message) pairs for people: without the noise of if/then wrappers, the
 * missing or unknown field named in the path, one pair per path and message. The seed validator
 * and the API's input check both use it; `reword` lets a caller say a keyword its own way.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaError {
  path: (string | number)[];
  message: string;
}

export function schemaErrors(errors: readonly ErrorObject[], reword: (err: ErrorObject, path: (string | number)[]) => string | undefined = () => undefined): SchemaError[] {
  const seen = new Set<string>();
  const out: SchemaError[] = [];
  for (const err of errors) {
    if (err.keyword === 'if') continue;
    const parts = err.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    let path = parts;
    let message = err.message ?? 'is invalid';
    if (err.keyword === 'required') {
      path = [...parts, err.params.missingProperty as string];
      message = 'is required';
    } else if (err.keyword === 'additionalProperties') {
      path = [...parts, err.params.additionalProperty as string];
      message = 'is not a known field here (check the spelling, or the kind)';
    } else if (err.keyword === 'enum') {
      message = `must be one of: ${(err.params.allowedValues as unknown[]).join(', ')}`;
    } else if (err.keyword === 'const') {
      message = `must be ${JSON.stringify(err.params.allowedValue)}`;
    }
    message = reword(err, parts) ?? message;
    const key = `${JSON.stringify(path)}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}
