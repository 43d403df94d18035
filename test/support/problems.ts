// Assertions on problem+json answers, shared by every HTTP test.
import assert from 'node:assert/strict';

type Answer = { status: number; headers: Headers; json: any; text: string };

/** The answer is a problem+json with this status (or one of these) and, when given, this code. */
export function assertProblem(res: Answer, status: number | number[], code?: string, label = '') {
  const statuses = Array.isArray(status) ? status : [status];
  const where = label ? `${label}: ` : '';
  assert.ok(statuses.includes(res.status), `${where}expected ${statuses.join('|')}, got ${res.status}: ${res.text.slice(0, 500)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `${where}${res.text.slice(0, 200)}`);
  if (code) assert.equal(res.json?.code, code, `${where}${res.text.slice(0, 500)}`);
  assert.equal(typeof res.json?.requestId, 'string', `${where}a problem carries its request id`);
}

/** The field paths of a validation problem, e.g. ['body.slug']. */
export const fieldPaths = (res: Answer): string[] => (res.json?.errors ?? []).map((e: { path: string }) => e.path);
