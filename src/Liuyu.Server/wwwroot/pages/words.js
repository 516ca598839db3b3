// Words for the ids the ledger and the explanation carry: a rule id (R-COMP-2) reads as what it decided, with the id in
// small print; the rule family and the policy version read as sentences. Unknown ids are shown as they are.
Object.assign(window.LIUYU_TEXT.zh, {
  'rn.R-COMP-1': '优于基准 下游补偿上游', 'rn.R-COMP-2': '劣于基准 上游补偿下游', 'rn.R-COMP-3': '不补偿（持平或未达良好）',
  'rn.R-DATA-4': '无有效结果 不补偿', 'rn.R-EXEMPT-1': '免除补偿', 'rn.R-SEC-2': '断面未认可 不补偿', 'rn.R-BASE-1': '缺少补偿基准', 'rn.R-BASE-2': '缺少补偿基准',
  'rn.R-FAM-3': '固定目标（跨省协议）', 'rn.R-FAM-4': '按类别分档',
  'rn.R-FAM-3a': '达到目标 下游补偿上游', 'rn.R-FAM-3b': '未达目标 上游补偿下游',
  'rn.R-FAM-4a': '每差一类 上游补偿下游', 'rn.R-FAM-4b': '每好一类 下游补偿上游', 'rn.R-FAM-4c': '不补偿（与基准持平）',
  'rn.R-EXT-1a': '流量低于生态基流 上游补偿下游', 'rn.R-EXT-1b': '流量达标 下游补偿上游（双向）', 'rn.R-EXT-1c': '流量达标 不补偿', 'rn.R-EXT-1d': '无流量数据 不补偿', 'rn.R-EXT-1': '水量因素', 'rn.R-EXT-2': '跨省协议', 'rn.R-LEDGER-4': '跨年调整',
  'family.cq2023': '重庆 2023 年方案', 'family.fixed-target': '固定目标（跨省协议）', 'family.class-steps': '按类别分档',
  'policy.version': '自 {0} 起施行的参数（版本 {1}）', 'ex.tiersText': '一档 {0} 元 · 二档及以上 {1} 元（协议期 {2} 至 {3}）',
  'ex.sectionText': '{0}（{1}），{2}，距源头 {3} km，{4}', 'lg.countShown': '显示前 {0} 行，共 {1} 行（导出含全部行）', 'ex.revision': '第 {0} 版', 'ex.line': '第 {0} 行',
});
Object.assign(window.LIUYU_TEXT.en, {
  'rn.R-COMP-1': 'better than baseline: downstream pays upstream', 'rn.R-COMP-2': 'worse than baseline: upstream pays downstream', 'rn.R-COMP-3': 'no payment (equal, or not good)',
  'rn.R-DATA-4': 'no valid result: no payment', 'rn.R-EXEMPT-1': 'exempted', 'rn.R-SEC-2': 'section not approved: no payment', 'rn.R-BASE-1': 'no baseline', 'rn.R-BASE-2': 'no baseline',
  'rn.R-FAM-3': 'fixed target (cross-province)', 'rn.R-FAM-4': 'per-class steps',
  'rn.R-FAM-3a': 'target met: downstream pays upstream', 'rn.R-FAM-3b': 'target missed: upstream pays downstream',
  'rn.R-FAM-4a': 'per class worse: upstream pays downstream', 'rn.R-FAM-4b': 'per class better: downstream pays upstream', 'rn.R-FAM-4c': 'no payment (equal to baseline)',
  'rn.R-EXT-1a': 'flow below the ecological base flow: upstream pays downstream', 'rn.R-EXT-1b': 'flow met: downstream pays upstream (two-way)', 'rn.R-EXT-1c': 'flow met: no payment', 'rn.R-EXT-1d': 'no flow figure: no payment', 'rn.R-EXT-1': 'water quantity', 'rn.R-EXT-2': 'cross-province agreement', 'rn.R-LEDGER-4': 'adjustment into a later year',
  'family.cq2023': 'Chongqing 2023 scheme', 'family.fixed-target': 'fixed target (cross-province)', 'family.class-steps': 'per-class steps',
  'policy.version': 'parameters in force from {0} (version {1})', 'ex.tiersText': 'tier 1 {0} yuan · tier 2 and above {1} yuan (agreement {2} to {3})',
  'ex.sectionText': '{0} ({1}), {2}, {3} km from the source, {4}', 'lg.countShown': 'first {0} of {1} lines shown (the export holds them all)', 'ex.revision': 'revision {0}', 'ex.line': 'line {0}',
});

window.LIUYU_PARTS = Object.assign(window.LIUYU_PARTS || {}, {
  /** A rule as words: '劣于基准 上游补偿下游' (plain text) or, as HTML, the words with the id in small print. */
  ruleText(shared, id) { const k = 'rn.' + id; const w = shared.t(k); return w === k ? (id ?? '') : w; },
  ruleHtml(shared, id) {
    if (!id) return '';
    const k = 'rn.' + id; const w = shared.t(k);
    return w === k ? shared.esc(id) : `${shared.esc(w)} <small class="muted rule-id">${shared.esc(id)}</small>`;
  },
  familyText(shared, id) { const k = 'family.' + id; const w = shared.t(k); return w === k ? (id ?? '') : `${w}（${id}）`; },
  /** policy@2023-01-01#81929917 → 自 2023-01-01 起施行的参数（版本 81929917）. */
  policyText(shared, v) { const m = /^policy@(\d{4}-\d{2}-\d{2})#(\w+)$/.exec(v ?? ''); return m ? shared.t('policy.version', m[1], m[2]) : (v ?? ''); },
});
