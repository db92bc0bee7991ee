import { Type } from '@fastify/type-provider-typebox';
import { DEPARTMENT_STEPS, ROLES } from '../../db/schema/index.ts';

export const RoleSchema = Type.Enum([...ROLES], { description: '角色 / role' });
export const DepartmentStepSchema = Type.Enum([...DEPARTMENT_STEPS], {
  description: 'undertake 承办 / review 审核 / sign 签发',
});

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  departmentSteps: Type.Array(DepartmentStepSchema),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  secondFactorEnrolled: Type.Boolean({ description: '已绑定动态口令（身份验证器） / has a TOTP authenticator' }),
  passwordChangeDue: Type.Boolean({
    description: '须先修改密码（已过期或为初始密码） / must change the password first (expired or initial)',
  }),
  passwordExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: '密码到期时间（PASSWORD_MAX_AGE_DAYS）；null：不过期 / when the password expires; null: never',
  }),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: '最近一次登录时间；从未登录为 null / last sign-in; null: never',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const Username = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,31}$',
  description: '3–32 个字符，字母开头，可含字母、数字、_ . -',
});

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 128 }),
    role: RoleSchema,
    regionCode: Type.String({ pattern: '^\\d{6}$' }),
    departmentId: Type.Optional(Type.String({ format: 'uuid' })),
    departmentSteps: Type.Optional(Type.Array(DepartmentStepSchema, { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    departmentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    departmentSteps: Type.Optional(Type.Array(DepartmentStepSchema, { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
