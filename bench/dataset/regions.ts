/**
 * The seeded province's cities and counties (浙江省, GB/T 2260): the demo seed (apps/server/src/seed/demo-seed.ts)
 * creates 330000, 330300 (温州市), 330302, 330304 and the functional zone 330354; the dataset adds the province's other
 * cities and counties with their departments, so a province-sized dataset has the province's real region tree.
 */
export interface BenchRegion {
  code: string;
  name: string;
  counties: [code: string, name: string][];
}

export const PROVINCE = { code: '330000', name: '浙江省' } as const;

export const CITIES: BenchRegion[] = [
  {
    code: '330100',
    name: '杭州市',
    counties: [
      ['330102', '上城区'],
      ['330105', '拱墅区'],
      ['330106', '西湖区'],
      ['330108', '滨江区'],
      ['330109', '萧山区'],
      ['330110', '余杭区'],
      ['330111', '富阳区'],
      ['330112', '临安区'],
      ['330113', '临平区'],
      ['330114', '钱塘区'],
      ['330122', '桐庐县'],
      ['330127', '淳安县'],
      ['330182', '建德市'],
    ],
  },
  {
    code: '330200',
    name: '宁波市',
    counties: [
      ['330203', '海曙区'],
      ['330205', '江北区'],
      ['330206', '北仑区'],
      ['330211', '镇海区'],
      ['330212', '鄞州区'],
      ['330213', '奉化区'],
      ['330225', '象山县'],
      ['330226', '宁海县'],
      ['330281', '余姚市'],
      ['330282', '慈溪市'],
    ],
  },
  {
    code: '330300',
    name: '温州市',
    counties: [
      ['330302', '鹿城区'],
      ['330303', '龙湾区'],
      ['330304', '瓯海区'],
      ['330305', '洞头区'],
      ['330324', '永嘉县'],
      ['330326', '平阳县'],
      ['330327', '苍南县'],
      ['330328', '文成县'],
      ['330329', '泰顺县'],
      ['330381', '瑞安市'],
      ['330382', '乐清市'],
      ['330383', '龙港市'],
    ],
  },
  {
    code: '330400',
    name: '嘉兴市',
    counties: [
      ['330402', '南湖区'],
      ['330411', '秀洲区'],
      ['330421', '嘉善县'],
      ['330424', '海盐县'],
      ['330481', '海宁市'],
      ['330482', '平湖市'],
      ['330483', '桐乡市'],
    ],
  },
  {
    code: '330500',
    name: '湖州市',
    counties: [
      ['330502', '吴兴区'],
      ['330503', '南浔区'],
      ['330521', '德清县'],
      ['330522', '长兴县'],
      ['330523', '安吉县'],
    ],
  },
  {
    code: '330600',
    name: '绍兴市',
    counties: [
      ['330602', '越城区'],
      ['330603', '柯桥区'],
      ['330604', '上虞区'],
      ['330624', '新昌县'],
      ['330681', '诸暨市'],
      ['330683', '嵊州市'],
    ],
  },
  {
    code: '330700',
    name: '金华市',
    counties: [
      ['330702', '婺城区'],
      ['330703', '金东区'],
      ['330723', '武义县'],
      ['330726', '浦江县'],
      ['330727', '磐安县'],
      ['330781', '兰溪市'],
      ['330782', '义乌市'],
      ['330783', '东阳市'],
      ['330784', '永康市'],
    ],
  },
  {
    code: '330800',
    name: '衢州市',
    counties: [
      ['330802', '柯城区'],
      ['330803', '衢江区'],
      ['330822', '常山县'],
      ['330824', '开化县'],
      ['330825', '龙游县'],
      ['330881', '江山市'],
    ],
  },
  {
    code: '330900',
    name: '舟山市',
    counties: [
      ['330902', '定海区'],
      ['330903', '普陀区'],
      ['330921', '岱山县'],
      ['330922', '嵊泗县'],
    ],
  },
  {
    code: '331000',
    name: '台州市',
    counties: [
      ['331002', '椒江区'],
      ['331003', '黄岩区'],
      ['331004', '路桥区'],
      ['331022', '三门县'],
      ['331023', '天台县'],
      ['331024', '仙居县'],
      ['331081', '温岭市'],
      ['331082', '临海市'],
      ['331083', '玉环市'],
    ],
  },
  {
    code: '331100',
    name: '丽水市',
    counties: [
      ['331102', '莲都区'],
      ['331121', '青田县'],
      ['331122', '缙云县'],
      ['331123', '遂昌县'],
      ['331124', '松阳县'],
      ['331125', '云和县'],
      ['331126', '庆元县'],
      ['331127', '景宁畲族自治县'],
      ['331181', '龙泉市'],
    ],
  },
];

/** Department kinds and codes as the demo seed gives them (full set in cities and counties). */
export const DEPARTMENT_CODES: Record<string, [code: string, suffix: string]> = {
  ndrc: ['fgw', '发展和改革局'],
  naturalResources: ['zrzy', '自然资源和规划局'],
  housing: ['zjj', '住房和城乡建设局'],
  ecology: ['sthj', '生态环境局'],
  water: ['slj', '水利局'],
  civilAirDefence: ['rfb', '人防办'],
  fireRescue: ['xfjy', '消防救援局'],
  approvalService: ['xzsp', '行政审批服务局（政务服务中心）'],
};

/** Region rows (code, name, parent, level, path) for every city and county, in insertion order (parents first). */
export function regionRows(): [string, string, string, string, string][] {
  const rows: [string, string, string, string, string][] = [];
  for (const city of CITIES) {
    rows.push([city.code, city.name, PROVINCE.code, 'city', `${PROVINCE.code}/${city.code}`]);
    for (const [code, name] of city.counties) {
      rows.push([code, name, city.code, 'county', `${PROVINCE.code}/${city.code}/${code}`]);
    }
  }
  return rows;
}
