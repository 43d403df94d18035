// The organization's event feed. The API lists events oldest first and offers only a forward cursor
// ("what came after this"), the shape a consumer that follows along needs. The console wants the newest
// first, so it reads the feed the way such a consumer would: it follows the cursor to the end once, keeps
// the cursor of the last page it read, and on every refresh continues from there, fetching only what
// is new (plus that last page again, to pick up its late `dispatchedAt`). The screen then shows the
// kept events in reverse and pages through them locally.
// Why not a "newest first" page from the server? The feed has no such order (and changing the server is
// not this screen's job); jumping to the end would need a cursor the client cannot forge. The cost is
// one pass over the whole feed on first open, bounded below by keeping at most MAX_KEPT events.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, orgPath, type Page } from '../../lib/api';
import { orgKey } from '../../lib/org';

export type DomainEvent = { id: string; type: string; payload: Record<string, unknown>; createdAt: string; dispatchedAt: string | null };

/** What the screen holds of one (filtered) feed: the newest events, oldest → newest, and where to resume. */
export type FeedTail = {
  items: DomainEvent[];
  /** The cursor that fetched the last page (undefined: the feed's start). */
  resume: string | undefined;
  /** Older events read but not kept (beyond MAX_KEPT). */
  dropped: number;
};

const PAGE = 100;
export const MAX_KEPT = 2000;

async function readTail(slug: string, type: string, previous: FeedTail | undefined, signal: AbortSignal): Promise<FeedTail> {
  const byId = new Map((previous?.items ?? []).map((e) => [e.id, e]));
  let dropped = previous?.dropped ?? 0;
  let cursor = previous?.resume;
  for (;;) {
    const page = await api.get<Page<DomainEvent>>(orgPath(slug, '/events'), { signal, query: { type, cursor, limit: PAGE } });
    for (const e of page.items) byId.set(e.id, e); // a re-read event replaces its older copy
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    if (byId.size > MAX_KEPT * 2) {
      // Keep memory bounded on a long first pass: ids are time-ordered (uuid v7), so the oldest go first.
      const keep = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)).slice(-MAX_KEPT);
      dropped += byId.size - keep.length;
      byId.clear();
      for (const e of keep) byId.set(e.id, e);
    }
  }
  let items = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  if (items.length > MAX_KEPT) {
    dropped += items.length - MAX_KEPT;
    items = items.slice(-MAX_KEPT);
  }
  return { items, resume: cursor, dropped };
}

export const feedKey = (slug: string, type: string) => orgKey(slug, 'events', 'tail', type);

export const feedQuery = (slug: string, type: string) =>
  queryOptions({
    queryKey: feedKey(slug, type),
    // Continues from what this same query already holds (see the note above).
    queryFn: ({ signal, client }) => readTail(slug, type, client.getQueryData<FeedTail>(feedKey(slug, type)), signal),
    refetchInterval: 15_000,
  });

/** Start over from the feed's beginning (drops what is held, then reads again). */
export const reloadFeed = (client: QueryClient, slug: string, type: string) => client.resetQueries({ queryKey: feedKey(slug, type) });
