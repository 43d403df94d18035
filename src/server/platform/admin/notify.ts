// Lifecycle notifications to an organization's owners and admins (written to the outbox in the
// same transaction as the transition).
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Tx } from '../../db/client.ts';
import { users } from '../../auth/schema.ts';
import { memberships } from '../members/schema.ts';
import { enqueueNotification } from '../notifications/outbox.ts';

export async function notifyOrganizationAdmins(
  tx: Tx,
  log: Logger | undefined,
  org: { id: string; name: string; slug: string },
  event: { kind: string; subject: string; text: string },
) {
  const recipients = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, org.id), inArray(memberships.role, ['OWNER', 'ADMIN']), eq(memberships.status, 'ACTIVE')));
  for (const r of recipients) {
    await enqueueNotification(tx, log, {
      kind: event.kind,
      to: r.email,
      subject: event.subject,
      text: event.text,
      payload: { organizationId: org.id, slug: org.slug },
      aboutOrganizationId: org.id,
    });
  }
}
