import { Type } from '@fastify/type-provider-typebox';
import { Username } from '../users/users.schemas.ts';

export const CreditCode = Type.String({
  minLength: 1,
  maxLength: 32,
  description: '统一社会信用代码（GB 32100-2015，18 位；前后空格忽略，小写自动转大写）',
});

export const RegisterEnterpriseBody = Type.Object(
  {
    creditCode: CreditCode,
    name: Type.String({ minLength: 1, maxLength: 100, description: '单位名称' }),
    legalRepresentative: Type.String({ minLength: 1, maxLength: 50, description: '法定代表人' }),
    regionCode: Type.String({ pattern: '^\\d{6}$', description: '注册地区划代码' }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    contactName: Type.String({ minLength: 1, maxLength: 50, description: '联系人' }),
    contactPhone: Type.String({
      pattern: '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$',
      description: '联系电话（手机或带区号固话），SM4 加密存储，展示时脱敏',
    }),
    contactIdNumber: Type.String({
      pattern: '^\\d{17}[\\dXx]$',
      description: '联系人居民身份证号（18 位，GB 11643 校验），SM4 加密存储，展示时脱敏',
    }),
    account: Type.Object(
      {
        username: Username,
        password: Type.String({ minLength: 1, maxLength: 128 }),
        displayName: Type.String({ minLength: 1, maxLength: 64 }),
      },
      { additionalProperties: false, description: '申报账号（项目单位经办人）' },
    ),
  },
  { additionalProperties: false },
);

export const EnterpriseSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  creditCode: Type.String(),
  name: Type.String(),
  legalRepresentative: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  contactName: Type.String(),
  contactPhone: Type.String({ description: '脱敏，如 138****1234' }),
  contactIdNumber: Type.String({ description: '脱敏，如 110***********1234' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const RegisterEnterpriseResponse = Type.Object({
  enterprise: EnterpriseSchema,
  account: Type.Object({ id: Type.String({ format: 'uuid' }), username: Type.String(), displayName: Type.String() }),
});

export const AuthoriseAgentBody = Type.Object(
  { agentUsername: Type.String({ minLength: 1, maxLength: 64, description: '代办账号用户名' }) },
  { additionalProperties: false },
);

export const AgentSchema = Type.Object({
  agentId: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  authorisedAt: Type.String({ format: 'date-time' }),
});

export const AgentEnterpriseSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: '新建项目时作为 enterpriseId 提交' }),
  creditCode: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  authorisedAt: Type.String({ format: 'date-time' }),
});
