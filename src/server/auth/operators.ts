// Platform operators (system admins): created from the CLI or bootstrapped on first start.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hashPassword } from 'better-auth/crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/client.ts';
import { withPlatform } from '../tenancy/with-tenant.ts';
import { accounts, users } from './schema.ts';
import { OPERATOR_ROLE } from './auth.ts';

export const DEFAULT_OPERATOR_EMAIL = 'admin@tenantry.local';

export type OperatorResult = { id: string; email: string; created: boolean; passwordSet: boolean };

/** Creates an operator, or promotes an existing user (and sets the password when one is given). */
export async function ensureOperator(db: Database, input: { email: string; password?: string; name?: string }): Promise<OperatorResult> {
  const email = input.email.toLowerCase();
  const hash = input.password ? await hashPassword(input.password) : null;
  return withPlatform(db, 'create or promote operator', async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) {
      await tx.update(users).set({ role: OPERATOR_ROLE, updatedAt: new Date() }).where(eq(users.id, existing.id));
      if (hash) {
        const updated = await tx
          .update(accounts)
          .set({ password: hash, updatedAt: new Date() })
          .where(and(eq(accounts.userId, existing.id), eq(accounts.providerId, 'credential')))
          .returning({ id: accounts.id });
        if (!updated.length) {
          await tx.insert(accounts).values({ id: uuidv7(), accountId: existing.id, providerId: 'credential', userId: existing.id, password: hash });
        }
      }
      return { id: existing.id, email, created: false, passwordSet: hash !== null };
    }
    const id = uuidv7();
    await tx.insert(users).values({ id, email, name: input.name ?? 'Platform operator', emailVerified: true, role: OPERATOR_ROLE });
    await tx.insert(accounts).values({ id: uuidv7(), accountId: id, providerId: 'credential', userId: id, password: hash });
    return { id, email, created: true, passwordSet: hash !== null };
  });
}

export async function operatorCount(db: Database): Promise<number> {
  const rows = await db.query<{ n: number }>('select count(*)::int as n from users where role = $1', [OPERATOR_ROLE]);
  return Number(rows[0]?.n ?? 0);
}

export const generatePassword = () => randomBytes(15).toString('base64url');
