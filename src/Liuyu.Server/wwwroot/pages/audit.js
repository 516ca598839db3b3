'use strict';
// 审计 Audit log page: who changed what, when, with the state before and after (GET /api/audit).
(() => {
  Object.assign(window.LIUYU_TEXT.zh, {
    'nav.audit': '审计',
    'au.title': '审计日志',
    'au.intro': '平台上的每一项变更：谁、何时、改了什么，变更前后对照（高亮为变化的字段）。',
    'au.actor': '用户', 'au.area': '操作类别', 'au.subject': '对象', 'au.search': '查询', 'au.reset': '清除',
    'au.time': '时间', 'au.role': '角色', 'au.action': '操作', 'au.change': '变更前 → 变更后',
    'au.more': '更多', 'au.none': '没有符合条件的记录', 'au.count': '已显示 {0} 条', 'au.end': '（已到最早的记录）', 'au.all': '全部', 'au.filters': '筛选',
    'au.area.ledger': '台账', 'au.area.settlement': '清算', 'au.area.exemption': '免责', 'au.area.user': '用户', 'au.area.import': '导入',
    'au.area.payment': '资金拨付', 'au.area.joint': '联防共治',
    'au.a.ledger.account': '核算入账', 'au.a.settlement.confirm': '认定', 'au.a.settlement.clear': '清算', 'au.a.settlement.close': '结账（关闭年度）',
    'au.a.exemption.apply': '申请免责', 'au.a.exemption.approve': '审批免责', 'au.a.exemption.reject': '驳回免责', 'au.a.exemption.attach': '上传免责材料',
    'au.a.user.create': '创建用户', 'au.a.user.role': '变更角色', 'au.a.user.unlock': '解锁账户', 'au.a.user.lockout': '账户锁定（多次登录失败）',
    'au.f.posted': '新记', 'au.f.reversed': '冲销', 'au.f.adjustments': '调整', 'au.f.outcomes': '断面月', 'au.f.financeApproved': '市财政局同意',
    'au.f.ecologyApproved': '市生态环境局同意', 'au.f.reason': '理由', 'au.f.section': '断面', 'au.f.month': '月份', 'au.f.cleared': '已清算',
    'au.f.clearedDigest': '清算所依报表摘要', 'au.f.closed': '已结账', 'au.f.by': '经办', 'au.f.withoutClearance': '未经清算结账',
    'au.f.statementDigest': '报表摘要', 'au.f.confirmations': '认定数', 'au.f.lockedOut': '已锁定', 'au.f.lockedUntil': '锁定至',
    'au.f.failedAttempts': '失败次数', 'au.f.from': '来源地址', 'au.f.roles': '角色', 'au.f.party': '区县', 'au.f.role': '角色', 'au.f.userName': '用户名',
    'au.a.settlement.payment': '登记拨付', 'au.a.joint.record': '登记联防共治活动',
    'au.a.import.scenario': '导入情景数据', 'au.a.import.bulletin': '导入水质通报', 'au.a.import.samples': '导入监测样品',
    'au.a.import.scenario.ledger': '导入后重新核算', 'au.a.import.bulletin.ledger': '导入后重新核算', 'au.a.import.samples.ledger': '导入后重新核算',
    'au.f.year': '年度', 'au.f.payer': '付款方', 'au.f.payee': '收款方', 'au.f.amountFen': '金额（元）', 'au.f.paidOn': '付款日期',
    'au.f.river': '河流', 'au.f.kind': '类型', 'au.f.date': '日期', 'au.f.parties': '主体', 'au.f.description': '说明',
    'au.f.batch': '批次', 'au.f.years': '核算年度', 'au.f.changedLines': '变化的台账行', 'au.f.netFen': '净额变化（元）', 'au.f.rows': '行数',
    'au.f.inserted': '新增', 'au.f.updated': '更新', 'au.f.warnings': '提示', 'au.f.status': '状态', 'au.f.rejectedBy': '驳回单位', 'au.f.rejectionReason': '驳回理由',
    'au.f.fileName': '文件名', 'au.f.contentType': '文件类型', 'au.f.sizeBytes': '大小（字节）', 'au.f.sha256': 'SHA-256',
    'au.f.read': '读取', 'au.f.stored': '入库', 'au.f.alreadyStored': '已有', 'au.f.recomputed': '重算断面月', 'au.f.changed': '类别变化', 'au.f.profiles': '断面属性',
    'au.f.rivers': '河流', 'au.f.sections': '断面', 'au.f.targets': '考核目标', 'au.f.agreements': '协议', 'au.f.signatures': '签署', 'au.f.exemptions': '免责',
    'au.f.payments': '拨付', 'au.f.joint_activities': '联防共治记录', 'au.f.results': '水质结果', 'au.f.samples': '监测样品', 'au.f.policies': '政策参数',
    'au.v.Pending': '待审', 'au.v.Approved': '已批准', 'au.v.Rejected': '已驳回',
    'au.yes': '是', 'au.no': '否', 'role.cli': '命令行', 'role.system': '系统',
  });
  Object.assign(window.LIUYU_TEXT.en, {
    'nav.audit': 'Audit',
    'au.title': 'Audit log',
    'au.intro': 'Every change made on the platform: who, when, what, with the state before and after (changed fields highlighted).',
    'au.actor': 'User', 'au.area': 'Action area', 'au.subject': 'Subject', 'au.search': 'Search', 'au.reset': 'Clear',
    'au.time': 'Time', 'au.role': 'Role', 'au.action': 'Action', 'au.change': 'Before → after',
    'au.more': 'More', 'au.none': 'No entries match', 'au.count': '{0} entries shown', 'au.end': '(the oldest entry reached)', 'au.all': 'All', 'au.filters': 'Filters',
    'au.area.ledger': 'Ledger', 'au.area.settlement': 'Settlement', 'au.area.exemption': 'Exemptions', 'au.area.user': 'Users', 'au.area.import': 'Imports',
    'au.area.payment': 'Payments', 'au.area.joint': 'Joint governance',
    'au.a.ledger.account': 'Accounted into the ledger', 'au.a.settlement.confirm': 'Confirmed', 'au.a.settlement.clear': 'Cleared', 'au.a.settlement.close': 'Year closed',
    'au.a.exemption.apply': 'Exemption applied for', 'au.a.exemption.approve': 'Exemption approved', 'au.a.exemption.reject': 'Exemption rejected', 'au.a.exemption.attach': 'Exemption document attached',
    'au.a.user.create': 'User created', 'au.a.user.role': 'Role changed', 'au.a.user.unlock': 'Account unlocked', 'au.a.user.lockout': 'Account locked (failed sign-ins)',
    'au.f.posted': 'posted', 'au.f.reversed': 'reversed', 'au.f.adjustments': 'adjustments', 'au.f.outcomes': 'section-months', 'au.f.financeApproved': 'Finance Bureau approved',
    'au.f.ecologyApproved': 'Ecology Bureau approved', 'au.f.reason': 'reason', 'au.f.section': 'section', 'au.f.month': 'month', 'au.f.cleared': 'cleared',
    'au.f.clearedDigest': 'statement digest cleared', 'au.f.closed': 'closed', 'au.f.by': 'by', 'au.f.withoutClearance': 'closed without clearance',
    'au.f.statementDigest': 'statement digest', 'au.f.confirmations': 'confirmations', 'au.f.lockedOut': 'locked', 'au.f.lockedUntil': 'locked until',
    'au.f.failedAttempts': 'failed attempts', 'au.f.from': 'from address', 'au.f.roles': 'roles', 'au.f.party': 'district', 'au.f.role': 'role', 'au.f.userName': 'user name',
    'au.a.settlement.payment': 'Payment recorded', 'au.a.joint.record': 'Joint activity recorded',
    'au.a.import.scenario': 'Scenario tables imported', 'au.a.import.bulletin': 'Bulletin imported', 'au.a.import.samples': 'Samples imported',
    'au.a.import.scenario.ledger': 'Accounted again after an import', 'au.a.import.bulletin.ledger': 'Accounted again after an import', 'au.a.import.samples.ledger': 'Accounted again after an import',
    'au.f.year': 'year', 'au.f.payer': 'payer', 'au.f.payee': 'payee', 'au.f.amountFen': 'amount (yuan)', 'au.f.paidOn': 'paid on',
    'au.f.river': 'river', 'au.f.kind': 'kind', 'au.f.date': 'date', 'au.f.parties': 'parties', 'au.f.description': 'description',
    'au.f.batch': 'batch', 'au.f.years': 'years accounted', 'au.f.changedLines': 'ledger lines changed', 'au.f.netFen': 'net change (yuan)', 'au.f.rows': 'rows',
    'au.f.inserted': 'inserted', 'au.f.updated': 'updated', 'au.f.warnings': 'warnings', 'au.f.status': 'status', 'au.f.rejectedBy': 'rejected by', 'au.f.rejectionReason': 'reason for rejection',
    'au.f.fileName': 'file name', 'au.f.contentType': 'file type', 'au.f.sizeBytes': 'size (bytes)', 'au.f.sha256': 'SHA-256',
    'au.f.read': 'read', 'au.f.stored': 'stored', 'au.f.alreadyStored': 'already stored', 'au.f.recomputed': 'section-months recomputed', 'au.f.changed': 'classes changed', 'au.f.profiles': 'section profiles',
    'au.f.rivers': 'rivers', 'au.f.sections': 'sections', 'au.f.targets': 'targets', 'au.f.agreements': 'agreements', 'au.f.signatures': 'signatures', 'au.f.exemptions': 'exemptions',
    'au.f.payments': 'payments', 'au.f.joint_activities': 'joint activities', 'au.f.results': 'results', 'au.f.samples': 'samples', 'au.f.policies': 'policy parameters',
    'au.v.Pending': 'pending', 'au.v.Approved': 'approved', 'au.v.Rejected': 'rejected',
    'au.yes': 'yes', 'au.no': 'no', 'role.cli': 'command line', 'role.system': 'system',
  });

  // An area filters by action prefix; payments are recorded as settlement.payment, so their area is that prefix.
  const AREAS = [['ledger', 'ledger'], ['settlement', 'settlement'], ['exemption', 'exemption'], ['user', 'user'], ['import', 'import'],
    ['settlement.payment', 'payment'], ['joint', 'joint']];

  /** Objects flattened to dotted paths, so that nested states (a party's confirmation per river) compare field by field. */
  function flatten(node, path = '', out = {}) {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) flatten(v, path ? `${path}.${k}` : k, out);
    } else if (path) out[path] = node;
    return out;
  }

  window.LIUYU_PAGES = window.LIUYU_PAGES || {};
  window.LIUYU_PAGES.audit = async (L, token) => {
    const { $, t, esc, api, run, fresh, yuan, partyName, riverName } = L;
    const p = new URLSearchParams(location.hash.split('?')[1] || '');
    const filters = { actor: p.get('actor') || '', action: p.get('action') || '', subject: p.get('subject') || '' };
    const limit = /^\d+$/.test(p.get('limit') || '') ? p.get('limit') : '50';
    const query = (before) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (before) q.set('before', before);
      q.set('limit', limit);
      return `/api/audit?${q}`;
    };
    const page = await api(query());
    fresh(token);

    const label = (key, fallback) => { const s = t(key); return s === key ? fallback : s; };
    // A field path's parts in words; a part naming a party (netFen.liangping) shows the party's name.
    const field = (path) => path.split('.').map((part) => label('au.f.' + part, partyName(part))).join(' · ');
    const PARTY_FIELDS = ['payer', 'payee', 'party', 'parties'];
    const STORED = { 'liuyu server': 'actor-server', 'demo dataset (示例)': 'source-demo', anonymous: 'actor-anonymous', 'liuyu demo': 'actor-demo' };
    // Values in words: amounts in fen as yuan, parties and rivers by name, statuses, roles and kinds translated.
    const value = (v, path = '') => {
      const [head] = path.split('.'), last = path.split('.').pop();
      if (v === undefined || v === null) return '—';
      if (v === true) return t('au.yes');
      if (v === false) return t('au.no');
      if (typeof v === 'number' && (head.endsWith('Fen') || last.endsWith('Fen'))) return yuan(v);
      if (Array.isArray(v)) return v.map((x) => label('role.' + x, String(x))).join('、');
      if (typeof v === 'string' && PARTY_FIELDS.includes(last)) return v.split(';').map(partyName).join('、');
      if (typeof v === 'string' && last === 'river') return riverName(v);
      if (typeof v === 'string' && last === 'status') return label('au.v.' + v, v);
      if (typeof v === 'string' && (last === 'rejectedBy' || last === 'role')) return label('role.' + v, v);
      if (typeof v === 'string' && last === 'kind') return label('jg.' + v, v);
      // The server's own words stored in a field (who did it: liuyu server; where from: demo dataset) in the reader's language.
      if (typeof v === 'string' && STORED[v]) return L.say(STORED[v]) ?? v;
      return String(v);
    };
    // Local time, the same unambiguous form in both languages.
    const time = (at) => {
      const d = new Date(at), two = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    };

    function change(e) {
      const before = flatten(e.before), after = flatten(e.after);
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
      if (!keys.length) return '<span class="muted">—</span>';
      return `<table class="audit-change">${keys.map((k) => {
        const changed = JSON.stringify(before[k]) !== JSON.stringify(after[k]);
        return `<tr class="${changed ? 'changed' : 'same'}"><th>${esc(field(k))}</th>${e.before ? `<td class="was">${esc(value(before[k], k))}</td><td class="arrow">→</td>` : ''}<td class="now">${esc(value(after[k], k))}</td></tr>`;
      }).join('')}</table>`;
    }
    const row = (e) => `<tr data-id="${e.id}"><td class="nowrap">${esc(time(e.at))}</td><td>${esc(e.actorCode ? L.say(e.actorCode) ?? e.actor : e.actor)}</td><td>${esc(e.role ? label('role.' + e.role, e.role) : '—')}</td>
      <td><span title="${esc(e.action)}">${esc(label('au.a.' + e.action, e.action))}</span></td><td>${esc(STORED[e.subject] ? L.say(STORED[e.subject]) ?? e.subject : e.subject)}</td><td>${change(e)}</td></tr>`;

    const summary = Object.entries(filters).filter(([, v]) => v)
      .map(([k, v]) => `${t(k === 'action' ? 'au.area' : 'au.' + k)} ${k === 'action' ? label('au.area.' + (AREAS.find(([a]) => a === v)?.[1] ?? v), label('au.a.' + v, v)) : v}`).join(' · ');
    $('page').innerHTML = `
      <h1>${t('au.title')}</h1>
      <p class="muted">${t('au.intro')}</p>
      <div class="card au-filters-card"><form id="au-form" class="filters" autocomplete="off">
        <label>${t('au.actor')}<input id="au-actor" value="${esc(filters.actor)}"></label>
        <label>${t('au.area')}<select id="au-action"><option value="">${t('au.all')}</option>
          ${AREAS.map(([a, name]) => `<option value="${a}"${filters.action === a ? ' selected' : ''}>${esc(t('au.area.' + name))}</option>`).join('')}
          ${filters.action && !AREAS.some(([a]) => a === filters.action) ? `<option value="${esc(filters.action)}" selected>${esc(label('au.a.' + filters.action, filters.action))}</option>` : ''}</select></label>
        <label>${t('au.subject')}<input id="au-subject" value="${esc(filters.subject)}"></label>
        <button type="submit">${t('au.search')}</button> <button type="button" class="secondary" id="au-reset">${t('au.reset')}</button>
      </form></div>
      ${summary ? `<p class="au-summary">${t('au.filters')}: ${esc(summary)}</p>` : ''}
      <div class="card"><table id="audit"><thead><tr><th>${t('au.time')}</th><th>${t('au.actor')}</th><th>${t('au.role')}</th><th>${t('au.action')}</th><th>${t('au.subject')}</th><th>${t('au.change')}</th></tr></thead>
        <tbody>${page.entries.length ? page.entries.map(row).join('') : `<tr><td colspan="6" class="muted">${t('au.none')}</td></tr>`}</tbody></table>
        <p class="row"><span id="au-count" class="muted"></span> <button type="button" class="secondary" id="au-more">${t('au.more')}</button></p></div>`;

    let next = page.next, shown = page.entries.length;
    const status = () => {
      $('au-count').textContent = t('au.count', shown) + (next ? '' : ` ${t('au.end')}`);
      $('au-more').classList.toggle('hidden', !next);
    };
    status();
    $('au-form').onsubmit = (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams();
      for (const k of ['actor', 'action', 'subject']) { const v = $('au-' + k).value.trim(); if (v) q.set(k, v); }
      location.hash = `#/audit${q.toString() ? '?' + q : ''}`;
    };
    $('au-reset').onclick = () => { location.hash = '#/audit'; };
    $('au-more').onclick = run(async () => {
      const more = await api(query(next));
      fresh(token);
      $('audit').tBodies[0].insertAdjacentHTML('beforeend', more.entries.map(row).join(''));
      next = more.next; shown += more.entries.length;
      status();
    });
  };
})();
