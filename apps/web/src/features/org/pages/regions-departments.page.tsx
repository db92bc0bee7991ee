import { Button, Card, Col, Row } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { Page } from '../../../app/layout/page.tsx';
import { useRegions } from '../api/org.api.ts';
import { DepartmentsTable } from '../components/departments-table.tsx';
import { RegionTree } from '../components/region-tree.tsx';

/** 区划与部门: the region tree (GB/T 2260 + functional zones) and the departments of the chosen region. */
export function RegionsDepartmentsPage() {
  const { t } = useI18n();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const regions = useRegions();
  const regionName = regions.data?.find((region) => region.code === regionCode)?.name;
  return (
    <Page title={t('org.title')} testId="regions-departments">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('org.regions')}>
            <RegionTree selected={regionCode} onSelect={setRegionCode} />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            title={regionName ? `${t('org.departments')} · ${regionName}` : t('org.departments')}
            extra={
              regionCode ? (
                <Button size="small" onClick={() => setRegionCode(undefined)}>
                  {t('org.allRegions')}
                </Button>
              ) : null
            }
          >
            <DepartmentsTable regionCode={regionCode} />
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
