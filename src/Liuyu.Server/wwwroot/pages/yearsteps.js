// 年度清算 as steps (R-SET-1): 数据齐全 → 核算 → 认定 → 清算 → 拨付 → 关账. Where the year is, who still has to act, and
// why a button cannot be pressed yet; drawn by the settlement page (app.js) from the statement and the payments.
Object.assign(window.LIUYU_TEXT.zh, {
  'ys.title': '年度进程', menu: '菜单',
  'ys.data': '数据齐全', 'ys.account': '核算', 'ys.confirm': '认定', 'ys.clear': '清算', 'ys.pay': '拨付', 'ys.close': '关账',
  'ys.done': '已完成', 'ys.now': '当前', 'ys.todo': '未开始',
  'ys.data.detail': '已有 {0}/12 个月的水质结果', 'ys.data.noResult': '{0} 个断面月无结果（断流或未监测，R-DATA-4）',
  'ys.account.detail': '台账 {0} 行（导入后自动核算）',
  'ys.confirm.detail': '{0}/{1} 方已认定', 'ys.confirm.stale': '{0} 方的认定因清算表变化而失效',
  'ys.clear.detail': '{0} 清算', 'ys.pay.detail': '已付清 {0}/{1} 笔', 'ys.pay.none': '本年度无应付款项', 'ys.close.detail': '关账后的复核记入下一开放年度（R-LEDGER-4）',
  'ys.who': '待办：{0}', 'ys.who.monitoring': '监测中心导入水质结果', 'ys.who.system': '系统自动核算',
  'ys.who.parties': '{0} 认定', 'ys.who.more': '等 {0} 方', 'ys.who.you': '您（{0}）尚未认定', 'ys.who.finance': '市财政局',
  'ys.who.clear': '市财政局清算', 'ys.who.pay': '市财政局登记拨付（{0} 笔未付清）', 'ys.who.close': '市财政局关账',
  'ys.why.confirm': '尚有 {0} 方未认定，不能清算', 'ys.why.clear': '须先清算', 'ys.why.closed': '本年度已关账',
  'ys.why.cityDone': '市级财政已认定', 'ys.why.mineDone': '本主体已认定', 'ys.why.cleared': '本年度已清算',
  'ys.why.data': '{0} 年尚未结束或数据不全（{1}/12 个月）',
  'st.fundColumn': '流域补偿基金（元）', 'st.fundColumnHint': '区县应缴市级财政的流域补偿基金（R-FUND-1），不计入各河流净额',
  'pay.fundRow': '流域补偿基金：{0}，{1} 个月（R-FUND-1，应缴市级财政，不计入主体对净额）',
  'pay.uncleared': '未清算', 'pay.unclearedNote': '本年度尚未清算：应付金额以清算为准，逾期与罚息（R-PEN-1）在清算后计算。',
  'pay.atRisk': '付款期限 {0} 将至', 'pay.atRiskPassed': '已过付款期限 {0}，年度仍未清算',
});
Object.assign(window.LIUYU_TEXT.en, {
  'ys.title': 'The year, step by step', menu: 'Menu',
  'ys.data': 'Data complete', 'ys.account': 'Accounted', 'ys.confirm': 'Confirmed', 'ys.clear': 'Cleared', 'ys.pay': 'Paid', 'ys.close': 'Closed',
  'ys.done': 'done', 'ys.now': 'now', 'ys.todo': 'to come',
  'ys.data.detail': 'results for {0}/12 months', 'ys.data.noResult': '{0} section-months without a result (dry or not monitored, R-DATA-4)',
  'ys.account.detail': '{0} ledger lines (accounted after each import)',
  'ys.confirm.detail': '{0}/{1} parties confirmed', 'ys.confirm.stale': '{0} confirmations went stale when the statement changed',
  'ys.clear.detail': 'cleared by {0}', 'ys.pay.detail': '{0}/{1} dues paid in full', 'ys.pay.none': 'nothing owed this year', 'ys.close.detail': 'later revisions post into the next open year (R-LEDGER-4)',
  'ys.who': 'Waiting for: {0}', 'ys.who.monitoring': 'the monitoring centre to import the results', 'ys.who.system': 'the automatic accounting',
  'ys.who.parties': '{0} to confirm', 'ys.who.more': 'and {0} more', 'ys.who.you': 'you ({0}) to confirm', 'ys.who.finance': 'the Finance Bureau',
  'ys.who.clear': 'the Finance Bureau to clear', 'ys.who.pay': 'the Finance Bureau to record payments ({0} dues open)', 'ys.who.close': 'the Finance Bureau to close',
  'ys.why.confirm': '{0} parties have not confirmed yet: the year cannot be cleared', 'ys.why.clear': 'the year must be cleared first', 'ys.why.closed': 'the year is closed',
  'ys.why.cityDone': 'the treasury has confirmed', 'ys.why.mineDone': 'your party has confirmed', 'ys.why.cleared': 'the year is cleared',
  'ys.why.data': '{0} is not over or its data are incomplete ({1}/12 months)',
  'st.fundColumn': 'Basin fund (yuan)', 'st.fundColumnHint': 'what a district owes the municipal treasury into the basin fund (R-FUND-1), outside the river nets',
  'pay.fundRow': 'basin fund: {0}, {1} months (R-FUND-1, owed to the municipal treasury, outside the pair nets)',
  'pay.uncleared': 'not cleared', 'pay.unclearedNote': 'The year is not cleared: what is owed is settled by the clearance; overdue amounts and penalties (R-PEN-1) follow it.',
  'pay.atRisk': 'deadline {0} approaching', 'pay.atRiskPassed': 'deadline {0} passed and the year is still not cleared',
});

window.LIUYU_PARTS = Object.assign(window.LIUYU_PARTS || {}, {
  /**
   * The steps of a year from the statement (d: GET /api/settlement/{year}) and its payments (pay: …/payments):
   * [{key, state: 'done'|'now'|'todo', detail, who}] and the reasons a button is disabled ({clear, close, confirm, confirmCity}).
   */
  yearSteps(shared, year, d, pay) {
    const { t, state, partyName } = shared;
    const pr = d.progress;
    const total = pr.confirmed.length + pr.pending.length + pr.stale.length;
    const waiting = [...new Set([...pr.pending, ...pr.stale].map((c) => c.party))];
    const open = pay.dues.filter((x) => x.outstandingFen > 0);
    const mine = state.me.party;
    const names = (list) => list.slice(0, 3).map(partyName).join('、') + (list.length > 3 ? ` ${t('ys.who.more', list.length - 3)}` : '');
    const confirmWho = mine && waiting.includes(mine) ? t('ys.who.you', partyName(mine)) : waiting.length ? t('ys.who.parties', names(waiting)) : '';
    const steps = [
      { key: 'data', done: d.monthsAccounted === 12, detail: [t('ys.data.detail', d.monthsAccounted), d.noResult ? t('ys.data.noResult', d.noResult) : ''].filter(Boolean).join('；'), who: t('ys.who.monitoring') },
      { key: 'account', done: d.monthsAccounted === 12 && d.lines > 0, detail: t('ys.account.detail', d.lines), who: t('ys.who.system') },
      { key: 'confirm', done: pr.allConfirmed || pr.cleared, detail: [t('ys.confirm.detail', pr.confirmed.length, total), pr.stale.length ? t('ys.confirm.stale', pr.stale.length) : ''].filter(Boolean).join('；'), who: confirmWho },
      { key: 'clear', done: pr.cleared, detail: pr.cleared ? t('ys.clear.detail', t('ys.who.finance')) : '', who: t('ys.who.clear') },
      { key: 'pay', done: pr.cleared && open.length === 0, detail: pay.dues.length ? t('ys.pay.detail', pay.dues.length - open.length, pay.dues.length) : t('ys.pay.none'), who: t('ys.who.pay', open.length) },
      { key: 'close', done: d.closed, detail: d.closed ? t('ys.close.detail') : '', who: t('ys.who.close') },
    ];
    // The year is where its first step not done is; a closed year is done whatever remains unpaid.
    const current = d.closed ? -1 : steps.findIndex((s) => !s.done);
    steps.forEach((s, i) => { s.state = s.done ? 'done' : i === current ? 'now' : 'todo'; });
    const why = {
      confirm: d.closed ? t('ys.why.closed') : pr.cleared ? t('ys.why.cleared') : t('ys.why.mineDone'),
      confirmCity: d.closed ? t('ys.why.closed') : pr.cleared ? t('ys.why.cleared') : t('ys.why.cityDone'),
      clear: d.closed ? t('ys.why.closed') : pr.cleared ? t('ys.why.cleared') : t('ys.why.confirm', waiting.length),
      close: d.closed ? t('ys.why.closed') : t('ys.why.clear'),
    };
    return { steps, why, current };
  },

  /** The stepper as HTML: one box per step with its state, what it holds and, for the current step, who must act. */
  stepperHtml(shared, steps) {
    const { t, esc } = shared;
    return `<ol class="stepper" id="st-steps">${steps.map((s, i) => `<li class="step ${s.state}" data-step="${s.key}">
      <span class="n">${s.state === 'done' ? '✓' : i + 1}</span><div><strong>${esc(t('ys.' + s.key))}</strong>
      <span class="pill ${s.state === 'done' ? 'ok' : s.state === 'now' ? 'wait' : ''}">${esc(t('ys.' + s.state))}</span>
      ${s.detail ? `<div class="muted">${esc(s.detail)}</div>` : ''}
      ${s.state === 'now' && s.who ? `<div class="who">${esc(t('ys.who', s.who))}</div>` : ''}</div></li>`).join('')}</ol>`;
  },
});
