// IANA time zones from the browser (no list to ship or download). `withCurrent` keeps a stored value
// the list lacks (the server's default 'UTC' is not among Intl's canonical zones) selectable.
export const TIMEZONES: string[] = Intl.supportedValuesOf('timeZone');

export const timezoneOptions = (current: string | undefined) =>
  current && !TIMEZONES.includes(current) ? [current, ...TIMEZONES] : TIMEZONES;

/** The browser's own zone when the API would accept it, else nothing (the server picks its default). */
export function browserTimezone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return TIMEZONES.includes(zone) ? zone : '';
}
