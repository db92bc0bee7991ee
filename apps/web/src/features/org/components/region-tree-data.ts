import type { Region } from '../api/org.api.ts';

export interface RegionNode {
  key: string;
  value: string;
  title: string;
  region: Region;
  children: RegionNode[];
}

/**
 * Nests the flat region list by parentCode. A region whose parent is not in the list (a functional zone under a county
 * we do not hold, say) becomes a root rather than disappearing.
 */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const region of regions) {
    nodes.set(region.code, { key: region.code, value: region.code, title: region.name, region, children: [] });
  }
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.region.parentCode ? nodes.get(node.region.parentCode) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const byCode = (a: RegionNode, b: RegionNode) => a.key.localeCompare(b.key);
  const sortDeep = (list: RegionNode[]) => {
    list.sort(byCode);
    for (const node of list) sortDeep(node.children);
  };
  sortDeep(roots);
  return roots;
}
