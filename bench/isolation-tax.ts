// 1. Isolation tax: one primary-key read of a membership, through withTenant (RLS, runtime role,
// context set in the same round trip as the query) versus the plain owner query with an explicit
// tenant predicate, plus the naive transaction (BEGIN; set_config; query; COMMIT = 4 round trips).
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../src/server/db/client.ts';
import { memberships } from '../src/server/platform/members/schema.ts';
import { RUNTIME_ROLE } from '../src/server/tenancy/tenant-table.ts';
import { withTenant } from '../src/server/tenancy/with-tenant.ts';
import type { BenchConfig } from './lib/config.ts';
import { interleaved, type Variant, type VariantResult } from './lib/load.ts';
import { sampleMembershipKeys } from './lib/seed.ts';

export type IsolationResult = {
  keys: number;
  variants: VariantResult[];
  ratio: number;
  naiveRatio: number;
  target: number;
  pass: boolean;
};

export async function isolationTax(db: Database, cfg: BenchConfig, progress: (m: string) => void): Promise<IsolationResult> {
  const keys = await sampleMembershipKeys(db, 10_000);
  if (keys.length === 0) throw new Error('no memberships to read');
  const pick = () => keys[Math.floor(Math.random() * keys.length)]!;

  // Sanity: RLS really applies inside withTenant (another org's key reads nothing) before we time it.
  const [a, b] = [keys[0]!, keys.find((k) => k.orgId !== keys[0]!.orgId)];
  const own = await withTenant(db, { orgId: a.orgId, userId: null }, (tx) => tx.select().from(memberships).where(eq(memberships.id, a.id)));
  if (own.length !== 1) throw new Error('withTenant did not find its own membership');
  if (b) {
    const foreign = await withTenant(db, { orgId: a.orgId, userId: null }, (tx) => tx.select().from(memberships).where(eq(memberships.id, b.id)));
    if (foreign.length !== 0) throw new Error('withTenant read another tenant\'s membership: RLS is not in effect');
  }

  const plain: Variant = {
    name: 'plain (owner, explicit where)',
    op: async () => {
      const k = pick();
      const rows = await db.owner
        .select()
        .from(memberships)
        .where(and(eq(memberships.organizationId, k.orgId), eq(memberships.id, k.id)));
      return rows.length === 1;
    },
  };
  const tenant: Variant = {
    name: 'withTenant (RLS)',
    op: async () => {
      const k = pick();
      const rows = await withTenant(db, { orgId: k.orgId, userId: null }, (tx) => tx.select().from(memberships).where(eq(memberships.id, k.id)));
      return rows.length === 1;
    },
  };
  const naive: Variant = {
    name: 'naive tx (4 round trips)',
    op: async () => {
      const k = pick();
      const rows = await db.owner.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${RUNTIME_ROLE}, true), set_config('app.org_id', ${k.orgId}, true)`);
        return tx.select().from(memberships).where(eq(memberships.id, k.id));
      });
      return rows.length === 1;
    },
  };

  const variants = await interleaved([tenant, plain, naive], { ...cfg, maxOps: cfg.maxOpsPerRun }, progress);
  const [t, p, n] = variants as [VariantResult, VariantResult, VariantResult];
  const ratio = t.medianOpsPerSec / p.medianOpsPerSec;
  return {
    keys: keys.length,
    variants: [p, t, n],
    ratio,
    naiveRatio: n.medianOpsPerSec / p.medianOpsPerSec,
    target: cfg.targetRatio,
    pass: ratio >= cfg.targetRatio,
  };
}
