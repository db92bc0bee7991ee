import { Type } from '@fastify/type-provider-typebox';
import { LICENCE_NUMBER_PATTERN } from './licences.service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({ format: 'date', description: 'YYYY-MM-DD（北京时间）' });

export const LicenceStatusSchema = Type.Enum(['valid', 'revoked', 'expired'], {
  description: 'valid 有效 · revoked 已撤销 · expired 已过期',
});

export const LicenceNumberParams = Type.Object({
  number: Type.String({
    pattern: LICENCE_NUMBER_PATTERN,
    maxLength: 40,
    description: '证照编号，如 330300-2026-PD-K7Q2M9XA（区划-年份-类型缩写-8位校验码）',
  }),
});

export const LicenceViewSchema = Type.Object(
  {
    number: Type.String(),
    licenceType: Type.String(),
    licenceTypeName: Type.String(),
    holderName: Type.String(),
    projectCode: Type.String(),
    projectName: Type.String(),
    matterName: Type.String(),
    issuingDepartment: Type.String(),
    content: Type.String(),
    issuedOn: CivilDate,
    validFrom: CivilDate,
    validUntil: Nullable(CivilDate),
    status: LicenceStatusSchema,
    revokedOn: Nullable(CivilDate),
    revokedReason: Nullable(Type.String()),
    extensionsUsed: Type.Integer({ minimum: 0 }),
  },
  { title: 'LicenceView' },
);

export const PublicVerificationSchema = Type.Object(
  {
    valid: Type.Boolean({ description: '状态有效且 SM2 签名核验通过' }),
    status: LicenceStatusSchema,
    holder: Type.String({ description: '持证主体（项目单位名称）' }),
    projectCode: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
    validUntil: Nullable(CivilDate),
    licenceTypeName: Type.String(),
    matterName: Type.String(),
    issuingDepartment: Type.String(),
    signatureValid: Type.Boolean({ description: '签名数据未被篡改且由平台证照密钥签名' }),
  },
  { title: 'PublicLicenceVerification' },
);

const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: '理由' });

export const RevokeBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const ExtensionBody = Type.Object(
  {
    months: Type.Integer({
      minimum: 1,
      maximum: 120,
      description: '延长的月数；是否允许由证照类型的延续规则决定（核准：一次，不超过 12 个月）',
    }),
    reason: Reason,
  },
  { additionalProperties: false },
);
