import { Alert, Space } from 'antd';
import { pickMessage, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useProcedureSuggestion, type InvestmentNature } from '../api/projects.api.ts';
import { ProcedureTag } from './project-tags.tsx';

/** The platform's suggested procedure (审批 / 核准 / 备案) and why, recomputed as the deciding items change. */
export function ProcedureSuggestionPanel({
  investmentNature,
  industryCode,
}: {
  investmentNature: InvestmentNature | undefined;
  industryCode: string | undefined;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const suggestion = useProcedureSuggestion({ investmentNature, ...(industryCode ? { industryCode } : {}) });
  if (suggestion.isError) {
    return <Alert type="error" showIcon title={errorText(suggestion.error)} className="form-alert" />;
  }
  const data = suggestion.data;
  return (
    <Alert
      type={data?.procedure ? 'info' : 'warning'}
      showIcon
      className="form-alert procedure-suggestion"
      data-testid="procedure-suggestion"
      data-procedure={data?.procedure ?? ''}
      title={
        <Space wrap size={4}>
          {t('project.suggestedProcedure')}
          {data ? <ProcedureTag procedure={data.procedure} /> : t('app.loading')}
        </Space>
      }
      description={
        data ? (
          <span data-testid="procedure-reason">
            {pickMessage({ message: data.reason, messageEn: data.reasonEn }, locale)}
          </span>
        ) : null
      }
    />
  );
}
