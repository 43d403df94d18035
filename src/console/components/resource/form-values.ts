// Between a resource row and its form: inputs hold strings (never null), the body carries only what
// the API should get. Creating leaves empty fields out; editing sends only what changed, a cleared
// nullable field as null, and a nested object (an address) whole when any part of it changed.
import type { FieldSpec, FormValues } from './types';

export function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

export function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) {
    if (!at[k] || typeof at[k] !== 'object') at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]!] = value;
}

export const appliesTo = (f: FieldSpec, editing: boolean) => !f.on || f.on === (editing ? 'edit' : 'create');

const isShown = (f: FieldSpec, values: FormValues) => !f.visible || f.visible(values);

function inputValue(f: FieldSpec, v: unknown): string | boolean {
  if (f.kind === 'switch') return v === undefined || v === null ? (f.defaultValue as boolean | undefined) ?? false : Boolean(v);
  if (v === undefined || v === null) return '';
  return String(v);
}

/** Form values of a new row (defaults) or of `row` being edited. */
export function formValuesOf(fields: FieldSpec[], source: FormValues | null): FormValues {
  const values: FormValues = {};
  for (const f of fields) {
    const v = source ? getPath(source, f.name) : f.defaultValue;
    setPath(values, f.name, inputValue(f, v));
  }
  return values;
}

function clean(f: FieldSpec, v: unknown): unknown {
  if (v === null || v === undefined) return ''; // a cleared select
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return f.upperCase ? t.toUpperCase() : t;
}

const top = (name: string) => name.split('.')[0]!;

/** The request body: POST (`initial` null) or PATCH (only changes). */
export function bodyOf(fields: FieldSpec[], values: FormValues, initial: FormValues | null): Record<string, unknown> {
  const editing = initial !== null;
  const active = fields.filter((f) => !f.local && appliesTo(f, editing) && isShown(f, values));
  const changed = new Set(
    active.filter((f) => !editing || clean(f, getPath(values, f.name)) !== clean(f, getPath(initial, f.name))).map((f) => top(f.name)),
  );
  const body: Record<string, unknown> = {};
  for (const f of active) {
    if (!changed.has(top(f.name))) continue;
    const nested = f.name.includes('.');
    let v = clean(f, getPath(values, f.name));
    if (v === '') {
      if (editing && f.nullable && !nested) v = null;
      else continue;
    }
    setPath(body, f.name, v);
  }
  // A nested object whose every part was cleared is still sent, empty, so the change is saved.
  for (const key of changed) if (editing && fields.some((f) => f.name.startsWith(`${key}.`)) && body[key] === undefined) body[key] = {};
  return body;
}
