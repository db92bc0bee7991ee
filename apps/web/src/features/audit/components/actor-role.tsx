import { isRole, roleLabelKey } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';

/** The role label, or the raw value for actors that are not users (system jobs, API clients). */
export function ActorRole({ role }: { role: string | null }) {
  const { t } = useI18n();
  if (!role) return <>—</>;
  return <>{isRole(role) ? t(roleLabelKey(role)) : role}</>;
}
