import { parseArgs } from 'node:util';
import { createAppContext } from '../bootstrap.ts';
import { loadConfig } from '../config/env.ts';
import { reportAppError } from './cli-errors.ts';
import { provisionAdminAccount, type AdminRole } from '../modules/users/admin-provisioning.service.ts';

/**
 * `npm run admin:create -- --username ops.sys --role sysAdmin --display-name 系统管理员 --region-code 330000
 *   --region-name 浙江省 --region-level province` with the password in ADMIN_PASSWORD (never on the command line, where
 * `ps` would show it). Creates one of the three admin accounts (三员) — the only way to create them.
 */
const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    'region-code': { type: 'string' },
    'region-name': { type: 'string' },
    'region-level': { type: 'string', default: 'province' },
  },
});
const password = process.env.ADMIN_PASSWORD;
const missing = ['username', 'role', 'region-code', 'region-name'].filter((k) => !values[k as keyof typeof values]);
if (missing.length || !password) {
  console.error(`missing: ${[...missing.map((m) => `--${m}`), ...(password ? [] : ['ADMIN_PASSWORD'])].join(', ')}`);
  process.exit(2);
}
const level = values['region-level'];
if (level !== 'province' && level !== 'city' && level !== 'county') {
  console.error('--region-level must be province, city or county');
  process.exit(2);
}
const ctx = await createAppContext(loadConfig());
try {
  const result = await provisionAdminAccount(ctx, {
    username: values.username!,
    displayName: values['display-name'] ?? values.username!,
    password,
    role: values.role as AdminRole,
    region: { code: values['region-code']!, name: values['region-name']!, level },
  });
  console.log(
    `created ${values.role} account ${values.username} (${result.id})${result.createdRegion ? ' and its root region' : ''}`,
  );
} catch (error) {
  reportAppError(error);
} finally {
  await ctx.database.close();
}
