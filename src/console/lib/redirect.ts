// The `?next=` round trip through sign-in. Only same-site paths are followed, never `//host` or URLs,
// so a crafted link cannot bounce a user to another site after they sign in.
export function safeNext(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** `/sign-in?next=…` (or another auth page) returning to `path` afterwards. */
export const withNext = (page: string, path: string, extra: Record<string, string> = {}) =>
  `${page}?${new URLSearchParams({ next: path, ...extra }).toString()}`;
