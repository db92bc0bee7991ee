/**
 * 常见问题 (我要问): answers taken from the rules the platform enforces (DOMAIN.md), each with its source. Content, not
 * interface text, so both languages live here side by side.
 */
export interface FaqItem {
  key: string;
  q: string;
  qEn: string;
  a: string;
  aEn: string;
}

export const FAQ: readonly FaqItem[] = [
  {
    key: 'code',
    q: '什么是项目代码？什么时候取得？',
    qEn: 'What is the project code, and when do I get it?',
    a: '每个项目在办理第一项手续前取得唯一的项目代码（赋码），此后各项审批、证照、报告都以项目代码归集；部门对无项目代码或代码核验不通过的事项不予受理。在本平台填写项目信息并提交即可赋码，代码附二维码，任何人可扫码核验（《企业投资项目核准和备案管理条例》第四条、《政府投资条例》第十条）。',
    aEn: 'Every project gets one code before its first procedure; every approval, licence and report is filed under it, and a department refuses a matter without a valid code. Submit the project information here to get it; its QR mark lets anyone verify it (Regulations 673 art.4, Regulations 712 art.10).',
  },
  {
    key: 'filing',
    q: '企业投资项目备案要提交什么？要审查吗？',
    qEn: 'What does a filing (备案) need? Is it reviewed?',
    a: '备案是告知性的：提交企业基本情况，项目名称、建设地点、建设规模和内容，项目总投资额，以及项目符合国家产业政策的声明。四项信息齐全即完成备案，不作审查、没有办理时限，可自行下载打印备案证明（《企业投资项目核准和备案管理条例》第十三条）。',
    aEn: 'Filing is a notification: the enterprise, the project’s name, site, scale and content, its total investment, and a statement that it complies with industrial policy. With the four items it is filed at once, without review or time limit, and you print the certificate yourself (Regulations 673 art.13).',
  },
  {
    key: 'ratification',
    q: '核准多长时间办结？核准文件有效期多久？',
    qEn: 'How long does ratification (核准) take, and how long is it valid?',
    a: '核准机关自受理之日起 20 个工作日内作出决定，经负责人批准可延长，延长不超过 40 个工作日；委托评估的时间不计入。核准文件有效期 2 年，应在有效期内开工；需要延期开工的，应在有效期届满 30 个工作日前申请，延期以一次为限、最长 1 年（《企业投资项目核准和备案管理条例》第十二条）。平台会在到期前提醒。',
    aEn: 'A decision within 20 working days of acceptance, extendable by up to 40 with the head’s approval; a commissioned evaluation is not counted. The decision is valid for 2 years to start construction; an extension is requested at least 30 working days before the end, once, for at most a year (Regulations 673 art.12). The platform reminds you before the end.',
  },
  {
    key: 'workingDays',
    q: '办理时限的“工作日”怎么算？',
    qEn: 'How are “working days” counted?',
    a: '工作日扣除法定节假日，按国务院每年公布的放假安排（含调休上班日）计算；起算当日不计入，期限最后一日是节假日的，顺延至节假日后的第一个工作日（《行政许可法》第八十二条，《民法典》第二百零一条、第二百零三条）。补正、专家评审、听证、检验检测等时间依法不计入，办件页面的计时记录逐条说明。',
    aEn: 'Statutory holidays are excluded, following the State Council’s yearly notice (make-up working days included); the starting day is not counted, and a period ending on a holiday ends on the next working day (Administrative Licensing Law art.82; Civil Code arts.201, 203). Corrections, expert reviews, hearings and tests do not count; each case’s clock ledger explains every line.',
  },
  {
    key: 'correction',
    q: '材料不齐会怎样？什么是“一次性补正”？',
    qEn: 'What if materials are missing? What is a one-time correction notice?',
    a: '材料不齐全或不符合法定形式的，窗口在 5 个工作日内一次告知需要补正的全部内容；逾期不告知的，自收到申请材料之日起即为受理（《行政许可法》第三十二条）。补正期间不计入办理时限。',
    aEn: 'The window tells you everything to correct in one notice within 5 working days; without a notice in time the application counts as accepted from receipt (Administrative Licensing Law art.32). The time to correct is not counted.',
  },
  {
    key: 'tolerance',
    q: '什么是容缺受理、告知承诺？',
    qEn: 'What are tolerated gaps (容缺) and the commitment route (告知承诺)?',
    a: '容缺受理：主要材料齐全、清单所列次要材料暂缺的，先行受理，一次告知所缺材料和补交期限，到期未补交的不予批准。告知承诺：审批机关书面告知条件、标准和责任，申请人书面承诺符合条件后即作出决定，事后核查；承诺不实的撤销决定并记入信用记录（国办发〔2020〕42号）。信用良好的企业可走绿色通道。',
    aEn: 'Tolerated gaps: with the main materials complete, listed secondary ones may follow by a stated date, or the matter is not approved. Commitment: the authority states the conditions in writing, you commit in writing and it decides at once, then checks; a false commitment revokes the decision and is recorded in your credit file (国办发〔2020〕42号). Good credit opens the green channel.',
  },
  {
    key: 'construction',
    q: '项目开工后还要在平台上报送什么？',
    qEn: 'What must be reported once construction starts?',
    a: '通过本平台报送开工信息、建设进度（默认按月，次月 10 日前报送）、停工和复工以及竣工信息，可附现场照片（《企业投资项目核准和备案管理条例》第十六条、《政府投资条例》第二十七条）。平台在截止日前提醒，逾期未报的纳入监管。开工时平台会核对已取得的审批手续和施工许可证。',
    aEn: 'Report the start, progress (monthly by default, by the 10th of the next month), suspension and resumption, and completion here, with site photos if you like (Regulations 673 art.16, Regulations 712 art.27). The platform reminds you before the due day; a missing report is followed up. At the start it checks the approvals and the construction permit you hold.',
  },
];
