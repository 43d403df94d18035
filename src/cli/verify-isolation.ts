// `tenantry verify-isolation`: prints the isolation report; the exit code lets CI and deploy scripts gate on it.
import type { Database } from '../server/db/client.ts';
import { formatReport, verifyIsolation } from '../server/tenancy/verify-isolation.ts';

export async function runVerifyIsolation(db: Database): Promise<number> {
  const report = await verifyIsolation(db);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}
