import { createAppContext } from '../bootstrap.ts';
import { loadConfig } from '../config/env.ts';
import { sealAuditTrail } from '../modules/audit/audit-sealer.ts';
import { verifyAuditTrail } from '../modules/audit/audit.service.ts';

/**
 * `npm run audit:verify`: recomputes the SM3 chain and checks the signed checkpoints. Exit 0 when intact, 1 when not,
 * printing each problem (first bad row first). The operator's equivalent of GET /api/audit/verify.
 * `--seal` first chains rows a stopped or crashed server left unsealed (what the running server's sealer would do).
 */
const config = loadConfig();
const ctx = await createAppContext(config);
try {
  if (process.argv.includes('--seal')) console.log(`sealed ${await sealAuditTrail(ctx.db)} rows`);
  const result = await verifyAuditTrail(ctx.db, ctx.auditSigner, {
    now: ctx.clock.now(),
    unsealedAlertSeconds: config.auditUnsealedAlertSeconds,
  });
  console.log(
    `checked ${result.checkedRows} rows (last seq ${result.lastSeq}), ${result.checkpointsChecked} signed checkpoints, ` +
      `${result.unsealedRows} not yet sealed`,
  );
  for (const problem of result.problems)
    console.log(`✗ seq ${problem.seq} [${problem.kind}] ${problem.message} / ${problem.messageEn}`);
  console.log(result.ok ? '✓ audit trail intact / 审计链完整' : '✗ audit trail TAMPERED / 审计链被篡改');
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await ctx.database.close();
}
