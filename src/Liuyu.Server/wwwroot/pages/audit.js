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
    'au.yes': 'yes', 'au.no': 'no', 'role.cli': 'command line', 'role.system': 'system',
  });

  const AREAS = ['ledger', 'settlement', 'exemption', 'user', 'import', 'payment', 'joint'];

  /** Objects flattened to dotted paths, so that nested states (a party's confirmation per river) compare field by field. */
  function flatten(node, path = '', out = {}) {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) flatten(v, path ? `${path}.${k}` : k, out);
    } else if (path) out[path] = node;
    return out;
  }

  window.LIUYU_PAGES = window.LIUYU_PAGES || {};
  window.LIUYU_PAGES.audit = async (L, token) => {
    const { $, t, esc, api, run, fresh } = L;
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
    const field = (path) => path.split('.').map((part) => label('au.f.' + part, part)).join(' · ');
    const value = (v) => (v === undefined || v === null ? '—' : v === true ? t('au.yes') : v === false ? t('au.no')
      : Array.isArray(v) ? v.map((x) => label('role.' + x, String(x))).join('、') : String(v));
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
        return `<tr class="${changed ? 'changed' : 'same'}"><th>${esc(field(k))}</th>${e.before ? `<td class="was">${esc(value(before[k]))}</td><td class="arrow">→</td>` : ''}<td class="now">${esc(value(after[k]))}</td></tr>`;
      }).join('')}</table>`;
    }
    const row = (e) => `<tr data-id="${e.id}"><td class="nowrap">${esc(time(e.at))}</td><td>${esc(e.actor)}</td><td>${esc(e.role ? label('role.' + e.role, e.role) : '—')}</td>
      <td><span title="${esc(e.action)}">${esc(label('au.a.' + e.action, e.action))}</span></td><td>${esc(e.subject)}</td><td>${change(e)}</td></tr>`;

    const summary = Object.entries(filters).filter(([, v]) => v)
      .map(([k, v]) => `${t(k === 'action' ? 'au.area' : 'au.' + k)} ${k === 'action' ? label('au.area.' + v, label('au.a.' + v, v)) : v}`).join(' · ');
    $('page').innerHTML = `
      <h1>${t('au.title')}</h1>
      <p class="muted">${t('au.intro')}</p>
      <div class="card au-filters-card"><form id="au-form" class="filters" autocomplete="off">
        <label>${t('au.actor')}<input id="au-actor" value="${esc(filters.actor)}"></label>
        <label>${t('au.area')}<select id="au-action"><option value="">${t('au.all')}</option>
          ${AREAS.map((a) => `<option value="${a}"${filters.action === a ? ' selected' : ''}>${esc(t('au.area.' + a))}</option>`).join('')}
          ${filters.action && !AREAS.includes(filters.action) ? `<option value="${esc(filters.action)}" selected>${esc(label('au.a.' + filters.action, filters.action))}</option>` : ''}</select></label>
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
