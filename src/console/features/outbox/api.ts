// The notification outbox (operators): every email the platform wrote, newest first, with its HTML and
// plain-text bodies. Without SMTP (development) nothing leaves the machine, and this is where
// verification, password-reset and invitation links are read. Keys start with ['admin', 'outbox'].
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api';

export type OutboxMessage = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** Rendered by the server from the text (escaped); shown only inside a sandboxed iframe. */
  html: string;
  organizationId: string | null;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
};

export type OutboxFilters = { to: string; kind: string };

export const outboxQuery = (f: OutboxFilters, cursor: string | undefined) =>
  queryOptions({
    queryKey: ['admin', 'outbox', f, cursor],
    queryFn: ({ signal }) =>
      api.get<Page<OutboxMessage>>('/api/v1/admin/notifications', { signal, query: { to: f.to.trim(), kind: f.kind.trim(), cursor, limit: 25 } }),
    placeholderData: keepPreviousData,
  });

/** The kinds the platform writes today; the filter accepts any other too (modules may add their own). */
export const KNOWN_KINDS = [
  'email_verification',
  'password_reset',
  'invitation',
  'organization_created_for_you',
  'organization_approved',
  'organization_rejected',
  'organization_suspended',
  'organization_reactivated',
  'organization_deleted',
];

export type Delivery = 'sent' | 'failing' | 'unsent';

/**
 * Where a message stands. Without SMTP (development) nothing is ever sent and every message stays
 * 'unsent' here; with SMTP an unsent message is waiting for the mailer, or retrying after errors ('failing').
 */
export function deliveryOf(m: OutboxMessage): Delivery {
  if (m.sentAt) return 'sent';
  return m.lastError ? 'failing' : 'unsent';
}
