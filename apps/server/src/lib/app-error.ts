/**
 * The one error model of the platform. Services throw AppError(code); one handler (plugins/error-handler.ts) maps it to
 * HTTP. Every 4xx body carries the code, a Chinese and an English message, and field-level messages where a field is at
 * fault. 5xx bodies never carry internals.
 */
export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

interface ErrorDefinition {
  status: number;
  message: string;
  messageEn: string;
}

/** The documented error codes (also listed in the OpenAPI description). */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '请求参数有误', messageEn: 'Invalid request' },
  AUTH_REQUIRED: { status: 401, message: '请先登录', messageEn: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误', messageEn: 'Wrong username or password' },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    message: '登录已超时，请重新登录',
    messageEn: 'Session expired, please sign in again',
  },
  AUTH_ACCOUNT_DISABLED: {
    status: 403,
    message: '账号已停用，请联系安全管理员',
    messageEn: 'Account disabled; ask the security administrator',
  },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    message: '登录失败次数过多，账号已锁定',
    messageEn: 'Too many failed sign-ins; the account is locked',
  },
  AUTH_DEMO_ACCOUNT_REFUSED: {
    status: 403,
    message: '生产环境不允许使用演示账号',
    messageEn: 'Demo accounts are refused in production',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: '请先修改密码（密码已到更换期限，或为管理员设置的初始密码）',
    messageEn: 'Change your password first (it has expired, or it is the initial one an administrator set)',
  },
  AUTH_SECOND_FACTOR_INVALID: {
    status: 401,
    message: '动态口令不正确或已使用过',
    messageEn: 'The one-time code is wrong or was already used',
  },
  AUTH_CHALLENGE_EXPIRED: {
    status: 401,
    message: '本次登录已超时，请重新输入用户名和密码',
    messageEn: 'This sign-in has expired; enter your username and password again',
  },
  SECOND_FACTOR_ALREADY_ENROLLED: {
    status: 409,
    message: '本账号已绑定动态口令',
    messageEn: 'This account already has an authenticator',
  },
  SECOND_FACTOR_NOT_ENROLLED: {
    status: 409,
    message: '本账号尚未绑定动态口令',
    messageEn: 'This account has no authenticator',
  },
  SECOND_FACTOR_REQUIRED_BY_POLICY: {
    status: 409,
    message: '安全策略要求本账号使用动态口令，不能解除；换手机请联系安全管理员重置',
    messageEn: 'The security policy requires a second factor for this account; ask the security admin to reset it',
  },
  CSRF_CHECK_FAILED: {
    status: 403,
    message: '请求来源校验失败',
    messageEn: 'Cross-site request check failed',
  },
  FORBIDDEN: { status: 403, message: '无权执行此操作', messageEn: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, message: '资源不存在', messageEn: 'Not found' },
  CONFLICT: { status: 409, message: '与现有数据冲突', messageEn: 'Conflicts with existing data' },
  PROJECT_NOT_FILED: {
    status: 409,
    message: '项目尚未备案（或已撤销），没有备案证明',
    messageEn: 'The project is not filed (or was voided), so it has no filing certificate',
  },
  PROJECT_PROCEDURE_UNKNOWN: {
    status: 409,
    message: '项目的管理方式（审批/核准/备案）尚未确定：请先填写投资性质和国民经济行业代码',
    messageEn:
      'The project has no procedure (approval/ratification/filing) yet: give its investment nature and industry code',
  },
  CATALOGUE_NOT_DRAFT: {
    status: 409,
    message: '只能修改草稿版本的事项目录；已发布或已停用的版本不可修改',
    messageEn: 'Only a draft catalogue version can be edited; published and retired versions are immutable',
  },
  CATALOGUE_VERSION_EXISTS: {
    status: 409,
    message: '该目录版本号已存在',
    messageEn: 'This catalogue version label is already taken',
  },
  CATALOGUE_INVALID: {
    status: 400,
    message: '事项目录未通过校验，不能发布',
    messageEn: 'The catalogue fails validation and cannot be published',
  },
  CATALOGUE_NOT_AVAILABLE: {
    status: 503,
    message: '尚无已发布的事项目录',
    messageEn: 'No catalogue version is published yet',
  },
  // ── Stage applications and approval (issue 5) ──
  STATE_TRANSITION_INVALID: {
    status: 409,
    message: '当前状态下不能执行此操作',
    messageEn: 'This action is not possible in the current state',
  },
  PROJECT_CODE_NOT_VERIFIED: {
    status: 409,
    message: '项目尚未赋码或代码已撤销：没有经核验的项目代码不能申报审批事项',
    messageEn: 'The project has no verified project code (not coded, or voided); matters cannot be applied for',
  },
  APPLICATION_EXISTS: {
    status: 409,
    message: '该项目在此阶段已有未办结的申请',
    messageEn: 'The project already has a live application for this stage',
  },
  STAGE_HAS_NO_MATTERS: {
    status: 409,
    message: '按申报的项目情况，此阶段没有需要办理的事项',
    messageEn: 'For the declared project facts, this stage has no matter to apply for',
  },
  APPLICATION_INCOMPLETE: {
    status: 400,
    message: '申报表尚未填写完整',
    messageEn: 'The application form is incomplete',
  },
  MATERIALS_INCOMPLETE: {
    status: 409,
    message: '申请材料不齐全，不能按此方式受理',
    messageEn: 'Materials are incomplete for this way of acceptance',
  },
  CORRECTION_NOT_ADDRESSED: {
    status: 409,
    message: '补正告知书所列材料尚未全部补齐',
    messageEn: 'Not every item of the correction notice has been supplied',
  },
  CREDIT_ROUTE_REFUSED: {
    status: 409,
    message: '企业信用状况不符合容缺受理或告知承诺的条件',
    messageEn: "The enterprise's credit does not allow this route (tolerance / commitment)",
  },
  FILE_TOO_LARGE: { status: 413, message: '文件超过大小限制', messageEn: 'The file exceeds the size limit' },
  FILE_TYPE_REFUSED: {
    status: 415,
    message: '文件类型不被接受（仅限 PDF、OFD、PNG、JPEG），类型按文件内容识别',
    messageEn: 'File type refused (PDF, OFD, PNG, JPEG only), detected from the content',
  },
  STEP_NOT_YOURS: {
    status: 403,
    message: '该办件当前环节不由您办理',
    messageEn: 'The current step of this case is not assigned to you',
  },
  CLOCK_RULE_VIOLATED: {
    status: 409,
    message: '计时规则不允许此操作',
    messageEn: 'The clock rules do not allow this',
  },
  LICENCE_NOT_FOUND: { status: 404, message: '证照编号不存在', messageEn: 'No licence with this number' },
  CONSTRUCTION_RULE_VIOLATED: {
    status: 409,
    message: '该报告与项目的建设状态不符',
    messageEn: "The report does not fit the state of the project's construction",
  },
  LICENCE_RULE_VIOLATED: {
    status: 409,
    message: '证照状态或延续规则不允许此操作',
    messageEn: 'The licence state or extension rules do not allow this',
  },
  // ── Idempotency-Key (issue 6 §3) ──
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: '该幂等键（Idempotency-Key）已用于另一个请求（方法、地址或内容不同），请换一个新键',
    messageEn: 'This Idempotency-Key was used for a different request (method, URL or body); use a new key',
  },
  IDEMPOTENCY_KEY_IN_DOUBT: {
    status: 409,
    message: '该请求已办理，但应答未能送达（服务中断）；请刷新查看结果，勿重复提交（应答的 changes 列出已作出的变更）',
    messageEn:
      'This request was carried out but its answer was lost (interrupted); refresh to see the result instead of repeating it (`changes` in this answer lists what was changed)',
  },

  URI_TOO_LONG: { status: 414, message: '请求地址过长', messageEn: 'Request URI too long' },
  REQUEST_TIMEOUT: { status: 408, message: '请求超时，请重新发送', messageEn: 'Request timed out, send it again' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求头过大', messageEn: 'Request headers too large' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大', messageEn: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型', messageEn: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试', messageEn: 'Too many requests, try again later' },
  INTERNAL_ERROR: { status: 500, message: '系统内部错误', messageEn: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用', messageEn: 'Service unavailable' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly fields: FieldError[] | undefined;
  /** Extra documented body properties, e.g. `lockedUntil`. */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      messageEn?: string;
      fields?: FieldError[];
      extra?: Record<string, unknown>;
    } = {},
  ) {
    const definition = ERROR_CODES[code];
    super(options.messageEn ?? definition.messageEn);
    this.name = 'AppError';
    this.code = code;
    this.status = definition.status;
    this.messageZh = options.message ?? definition.message;
    this.messageEn = options.messageEn ?? definition.messageEn;
    this.fields = options.fields;
    this.extra = options.extra;
  }

  /** A 400 naming one field. */
  static invalidField(field: string, message: string, messageEn: string): AppError {
    return new AppError('VALIDATION_FAILED', { fields: [{ field, message, messageEn }] });
  }
}
