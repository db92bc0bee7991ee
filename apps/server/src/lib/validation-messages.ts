import type { FieldError } from './app-error.ts';

/** The subset of an Ajv error we translate. */
interface AjvLikeError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Turns Fastify/Ajv validation errors into field-level messages in Chinese and English. Ajv's own messages are English
 * only and name JSON pointers; a clerk needs "项目名称 不能为空", so the field is the property path ("contact.phone")
 * and the message is translated per keyword.
 */
export function translateValidationErrors(errors: AjvLikeError[], context: string | undefined): FieldError[] {
  return errors.map((error) => {
    const pathParts = error.instancePath.split('/').filter(Boolean);
    if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
      pathParts.push(error.params.missingProperty);
    }
    if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
      pathParts.push(error.params.additionalProperty);
    }
    const field = pathParts.join('.') || context || 'body';
    const [message, messageEn] = describe(error);
    return { field, message, messageEn };
  });
}

function describe(error: AjvLikeError): [string, string] {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return ['不能为空', 'is required'];
    case 'type':
      return [`类型应为 ${typeName(String(p.type))}`, `must be of type ${String(p.type)}`];
    case 'minLength':
      return [`长度不能少于 ${String(p.limit)} 个字符`, `must be at least ${String(p.limit)} characters`];
    case 'maxLength':
      return [`长度不能超过 ${String(p.limit)} 个字符`, `must be at most ${String(p.limit)} characters`];
    case 'minimum':
    case 'exclusiveMinimum':
      return [
        `数值过小（${String(p.comparison)} ${String(p.limit)}）`,
        `must be ${String(p.comparison)} ${String(p.limit)}`,
      ];
    case 'maximum':
    case 'exclusiveMaximum':
      return [
        `数值过大（${String(p.comparison)} ${String(p.limit)}）`,
        `must be ${String(p.comparison)} ${String(p.limit)}`,
      ];
    case 'pattern':
      return ['格式不正确', 'has an invalid format'];
    case 'format':
      return [`格式不正确（应为 ${String(p.format)}）`, `must be a valid ${String(p.format)}`];
    case 'enum':
      return ['取值不在允许范围内', 'must be one of the allowed values'];
    case 'const':
      return ['取值不正确', 'has an invalid value'];
    case 'additionalProperties':
      return ['不允许的字段', 'is not an allowed property'];
    case 'minItems':
      return [`至少需要 ${String(p.limit)} 项`, `must have at least ${String(p.limit)} items`];
    case 'maxItems':
      return [`最多 ${String(p.limit)} 项`, `must have at most ${String(p.limit)} items`];
    case 'uniqueItems':
      return ['不能有重复项', 'must not contain duplicates'];
    case 'anyOf':
    case 'oneOf':
      return ['不符合任一允许的格式', 'does not match any allowed shape'];
    default:
      return ['取值无效', error.message ?? 'is invalid'];
  }
}

function typeName(type: string): string {
  const names: Record<string, string> = {
    string: '字符串',
    number: '数字',
    integer: '整数',
    boolean: '布尔值',
    object: '对象',
    array: '数组',
    null: '空值',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join('或');
}
