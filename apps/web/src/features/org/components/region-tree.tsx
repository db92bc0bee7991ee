import { Alert, Empty, Spin, Tag, Tree } from 'antd';
import { useMemo } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n, type MessageKey } from '../../../app/i18n/i18n.tsx';
import { useRegions, type RegionLevel } from '../api/org.api.ts';
import { buildRegionTree, type RegionNode } from './region-tree-data.ts';

const LEVEL_KEYS: Record<RegionLevel, MessageKey> = {
  province: 'org.level.province',
  city: 'org.level.city',
  county: 'org.level.county',
  zone: 'org.level.zone',
};

interface RegionTreeProps {
  selected: string | undefined;
  onSelect: (code: string | undefined) => void;
}

export function RegionTree({ selected, onSelect }: RegionTreeProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);

  if (regions.isPending) return <Spin />;
  if (regions.isError) return <Alert type="error" showIcon title={errorText(regions.error)} />;
  if (tree.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.noRegions')} />;
  return (
    <Tree<RegionNode>
      treeData={tree}
      defaultExpandAll
      blockNode
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => onSelect(keys[0] === undefined ? undefined : String(keys[0]))}
      titleRender={(node) => (
        <span className="region-node">
          {node.title} <span className="region-code">{node.region.code}</span>{' '}
          <Tag variant="filled">{t(LEVEL_KEYS[node.region.level])}</Tag>
        </span>
      )}
    />
  );
}
