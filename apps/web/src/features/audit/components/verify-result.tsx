import { Alert, Table, type TableColumnsType } from 'antd';
import { pickMessage } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { VerifyProblem, VerifyResult } from '../api/audit.api.ts';

/** ok, or the first broken row up front and every problem below it. */
export function VerifyResultView({ result }: { result: VerifyResult }) {
  const { t, locale } = useI18n();
  const stats = t('audit.verifyStats', {
    rows: result.checkedRows,
    lastSeq: result.lastSeq,
    checkpoints: result.checkpointsChecked,
    unsealed: result.unsealedRows,
  });
  const first = result.problems[0];
  if (result.ok || !first) {
    return <Alert type="success" showIcon title={t('audit.verifyOk')} description={stats} data-testid="verify-ok" />;
  }
  const columns: TableColumnsType<VerifyProblem> = [
    { title: t('audit.problem.seq'), dataIndex: 'seq', width: 100 },
    { title: t('audit.problem.kind'), dataIndex: 'kind', width: 180, render: (kind: string) => <code>{kind}</code> },
    { title: t('audit.problem.message'), key: 'message', render: (_, problem) => pickMessage(problem, locale) },
  ];
  return (
    <>
      <Alert
        type="error"
        showIcon
        data-testid="verify-bad"
        title={t('audit.verifyBad', { count: result.problems.length, seq: first.seq })}
        description={
          <>
            <div>{pickMessage(first, locale)}</div>
            <div>{stats}</div>
          </>
        }
      />
      <Table<VerifyProblem>
        className="verify-problems"
        rowKey={(problem) => `${problem.seq}-${problem.kind}`}
        size="small"
        columns={columns}
        dataSource={result.problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </>
  );
}
