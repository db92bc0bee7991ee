import { parseArgs } from 'node:util';
import { createAppContext } from '../bootstrap.ts';
import { loadConfig } from '../config/env.ts';
import { reportAppError } from './cli-errors.ts';
import { resetAdminSecondFactor } from '../modules/users/admin-provisioning.service.ts';

/**
 * `npm run admin:reset-second-factor -- --username ops.sec`: removes the TOTP authenticator of one of the three admin
 * accounts (三员) that lost it, and ends its sessions. The security admin resets other accounts' in 用户与角色; admin
 * accounts are the operator's, as their creation is (admin:create).
 */
const { values } = parseArgs({ options: { username: { type: 'string' } } });
if (!values.username) {
  console.error('missing: --username');
  process.exit(2);
}
const ctx = await createAppContext(loadConfig());
try {
  const result = await resetAdminSecondFactor(ctx, values.username);
  console.log(`reset the second factor of ${values.username} (${result.id}); its sessions ended`);
} catch (error) {
  reportAppError(error);
} finally {
  await ctx.database.close();
}
