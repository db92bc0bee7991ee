/**
 * Names of GB/T 4754-2017 《国民经济行业分类》 大类 (two-digit divisions), keyed by 门类 letter + 大类 digits, for
 * documents that print an industry (the 备案证明). Only the 门类 most investment projects fall in are listed; a code
 * whose 大类 is not here is shown as the code alone — never with a guessed name. 中类/小类 names are not kept: the 大类 name
 * is what the certificate needs to be readable.
 */
const DIVISIONS: Record<string, string> = {
  // A 农、林、牧、渔业
  A01: '农业',
  A02: '林业',
  A03: '畜牧业',
  A04: '渔业',
  A05: '农、林、牧、渔专业及辅助性活动',
  // B 采矿业
  B06: '煤炭开采和洗选业',
  B07: '石油和天然气开采业',
  B08: '黑色金属矿采选业',
  B09: '有色金属矿采选业',
  B10: '非金属矿采选业',
  B11: '开采专业及辅助性活动',
  B12: '其他采矿业',
  // C 制造业
  C13: '农副食品加工业',
  C14: '食品制造业',
  C15: '酒、饮料和精制茶制造业',
  C16: '烟草制品业',
  C17: '纺织业',
  C18: '纺织服装、服饰业',
  C19: '皮革、毛皮、羽毛及其制品和制鞋业',
  C20: '木材加工和木、竹、藤、棕、草制品业',
  C21: '家具制造业',
  C22: '造纸和纸制品业',
  C23: '印刷和记录媒介复制业',
  C24: '文教、工美、体育和娱乐用品制造业',
  C25: '石油、煤炭及其他燃料加工业',
  C26: '化学原料和化学制品制造业',
  C27: '医药制造业',
  C28: '化学纤维制造业',
  C29: '橡胶和塑料制品业',
  C30: '非金属矿物制品业',
  C31: '黑色金属冶炼和压延加工业',
  C32: '有色金属冶炼和压延加工业',
  C33: '金属制品业',
  C34: '通用设备制造业',
  C35: '专用设备制造业',
  C36: '汽车制造业',
  C37: '铁路、船舶、航空航天和其他运输设备制造业',
  C38: '电气机械和器材制造业',
  C39: '计算机、通信和其他电子设备制造业',
  C40: '仪器仪表制造业',
  C41: '其他制造业',
  C42: '废弃资源综合利用业',
  C43: '金属制品、机械和设备修理业',
  // D 电力、热力、燃气及水生产和供应业
  D44: '电力、热力生产和供应业',
  D45: '燃气生产和供应业',
  D46: '水的生产和供应业',
  // E 建筑业
  E47: '房屋建筑业',
  E48: '土木工程建筑业',
  E49: '建筑安装业',
  E50: '建筑装饰、装修和其他建筑业',
  // G 交通运输、仓储和邮政业
  G53: '铁路运输业',
  G54: '道路运输业',
  G55: '水上运输业',
  G56: '航空运输业',
  G57: '管道运输业',
  G58: '多式联运和运输代理业',
  G59: '装卸搬运和仓储业',
  G60: '邮政业',
  // I 信息传输、软件和信息技术服务业
  I63: '电信、广播电视和卫星传输服务',
  I64: '互联网和相关服务',
  I65: '软件和信息技术服务业',
  // K 房地产业
  K70: '房地产业',
  // N 水利、环境和公共设施管理业
  N76: '水利管理业',
  N77: '生态保护和环境治理业',
  N78: '公共设施管理业',
  N79: '土地管理业',
};

/** The 大类 name of a GB/T 4754 code such as C2929 (→ 橡胶和塑料制品业), or null when the table does not have it. */
export function industryDivisionName(industryCode: string | null | undefined): string | null {
  if (!industryCode || !/^[A-T]\d{2}/.test(industryCode)) return null;
  return DIVISIONS[industryCode.slice(0, 3)] ?? null;
}
