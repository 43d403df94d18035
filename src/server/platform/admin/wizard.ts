// The operator creation wizard (T2): owner is an existing user or a new user, then the organization,
// all in ONE transaction. Dry-run runs the same writes and rolls them back, so the review step sees
// exactly the errors (slug taken, email taken, unknown user) the real call would hit.
import { eq } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { withPlatform } from '../../tenancy/with-tenant.ts';
import { accounts, users } from '../../auth/schema.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { insertOrganization, type NewOrganization } from '../organizations/service.ts';
import { organizationStatusEvents } from '../organizations/schema.ts';
import { organizationView } from '../organizations/view.ts';
import { auditOperator } from '../audit/record.ts';
import type { OrganizationView } from '../organizations/schemas.ts';

export type WizardOwner =
  | { mode: 'existing'; userId: string }
  | { mode: 'new'; email: string; name: string; password?: string };

export type WizardInput = {
  owner: WizardOwner;
  organization: NewOrganization;
  initialStatus: 'ACTIVE' | 'PENDING';
  dryRun: boolean;
};

export type WizardResult = {
  dryRun: boolean;
  organization: OrganizationView;
  owner: { id: string; email: string; name: string; created: boolean };
};

class DryRunRollback extends Error {
  readonly result: WizardResult;
  constructor(result: WizardResult) {
    super('dry run');
    this.result = result;
  }
}

export async function runCreationWizard(
  db: Database,
  operator: { userId: string; log?: Logger },
  input: WizardInput,
  consoleUrl: string,
): Promise<WizardResult> {
  // Hash outside the transaction: it is slow on purpose and must not hold locks.
  const passwordHash = input.owner.mode === 'new' && input.owner.password ? await hashPassword(input.owner.password) : null;
  try {
    return await withPlatform(db, 'operator creation wizard', async (tx) => {
      let owner: { id: string; email: string; name: string; created: boolean };
      if (input.owner.mode === 'existing') {
        const [u] = await tx
          .select({ id: users.id, email: users.email, name: users.name })
          .from(users)
          .where(eq(users.id, input.owner.userId));
        if (!u) {
          throw new AppError('validation_failed', 'Owner not found', { errors: [{ path: 'body.owner.userId', message: 'no such user' }] });
        }
        owner = { ...u, created: false };
      } else {
        const id = uuidv7();
        const email = input.owner.email.toLowerCase();
        await tx.insert(users).values({ id, email, name: input.owner.name, emailVerified: false, role: 'user' });
        await tx.insert(accounts).values({ id: uuidv7(), accountId: id, providerId: 'credential', userId: id, password: passwordHash });
        owner = { id, email, name: input.owner.name, created: true };
      }
      const org = await insertOrganization(tx, input.organization, { userId: owner.id }, {
        status: input.initialStatus,
        actorUserId: operator.userId,
        actorKind: 'operator',
      });
      if (owner.created) {
        await auditOperator(tx, org.id, { action: 'user.created_by_operator', targetType: 'user', targetId: owner.id, changes: { after: { email: owner.email } } });
      }
      if (input.initialStatus === 'ACTIVE') {
        await tx.insert(organizationStatusEvents).values({
          organizationId: org.id,
          action: 'approve',
          fromStatus: 'PENDING',
          toStatus: 'ACTIVE',
          reason: 'created by operator',
          actorUserId: operator.userId,
          actorKind: 'operator',
        });
      }
      await enqueueNotification(tx, operator.log, {
        kind: 'organization_created_for_you',
        to: owner.email,
        subject: `You are the owner of ${org.name} on Tenantry`,
        text:
          `A platform operator created the organization "${org.name}" with you as its owner.\n` +
          (owner.created && !passwordHash
            ? `Choose your password with "Forgot password" at ${consoleUrl} using ${owner.email}.`
            : `Sign in at ${consoleUrl}.`),
        aboutOrganizationId: org.id,
      });
      const result: WizardResult = {
        dryRun: input.dryRun,
        organization: organizationView(org),
        owner: { id: owner.id, email: owner.email, name: owner.name, created: owner.created },
      };
      if (input.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    throw e;
  }
}
