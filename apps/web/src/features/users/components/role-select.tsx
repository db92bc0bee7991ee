import { Select, type SelectProps } from 'antd';
import { ROLES, roleLabelKey, type Role } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';

interface RoleSelectProps extends Omit<SelectProps<Role>, 'options'> {
  /** The roles to offer; all by default. */
  roles?: readonly Role[];
}

export function RoleSelect({ roles = ROLES, ...props }: RoleSelectProps) {
  const { t } = useI18n();
  return <Select<Role> {...props} options={roles.map((role) => ({ value: role, label: t(roleLabelKey(role)) }))} />;
}
