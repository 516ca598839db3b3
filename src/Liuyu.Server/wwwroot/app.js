'use strict';
// Liuyu web client: plain JavaScript, no build step; ECharts is bundled by the server build into lib/.
(() => {
  const TEXT = window.LIUYU_TEXT;
  // Q-SEC-2 colours, index = class ordinal (1…6).
  const CLASS_COLOURS = [null, '#1e6fd9', '#1e6fd9', '#2e9d4f', '#e8c21a', '#f08a24', '#d7302c'];
  const CLASS_NAMES = [null, 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', '劣Ⅴ'];
  const state = { lang: localStorage.getItem('liuyu.lang') || 'zh', me: null, csrf: null, scheme: null, charts: [], route: 0 };
  // A page whose data arrives after the user moved on must not draw over the newer page.
  class Stale extends Error {}
  const fresh = (token) => { if (token !== state.route) throw new Stale(); };
  const $ = (id) => document.getElementById(id);
  const t = (key, ...args) => {
    let s = (TEXT[state.lang] && TEXT[state.lang][key]) ?? TEXT.zh[key] ?? key;
    args.forEach((a, i) => { s = s.replace(`{${i}}`, a); });
    return s;
  };
  const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const yuan = (fen) => (fen / 100).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const wan = (fen) => `${(fen / 1000000).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${t('wan')}`;
  const cls = (o) => (o ? `<span class="cls c${o}">${CLASS_NAMES[o]}</span>` : `<span class="muted">${t('noResult')}</span>`);
  const partyName = (id) => (id && state.scheme ? (state.scheme.partyById[id]?.name ?? id) : (id ?? '—'));
  // R-EXT-2: a party of another province is named with its province wherever a section shows its parties.
  const provinceOf = (id) => { const p = state.scheme?.partyById[id]; return p && p.province && p.province !== '重庆' ? ` (${p.province})` : ''; };
  const partyLabel = (id) => partyName(id) + provinceOf(id);
  const riverName = (id) => (state.scheme?.riverById[id]?.name ?? id);
  // A ledger note in the reader's language: the server sends a code with named arguments (LineNote), never prose.
  // 'text' and 'exempted' carry data as it was written (断流, an exemption's reason), shown as it is.
  const noteText = (code, args) => {
    if (!code) return '';
    const a = args ?? {};
    if (code === 'text' || code === 'exempted') return a.text ?? '';
    return t('note.' + code).replace(/\{(\w+)\}/g, (m, name) => a[name] ?? m);
  };
  const lineNote = (l) => [l.isAdjustment ? t('lg.adjustmentFor', l.month) : '', noteText(l.noteCode, l.noteArgs)].filter(Boolean).join('；');
  // R-EXT-1: a quantity line shows its base flow and flow where a quality line shows its baseline and result.
  const flowCells = (l) => `<td>${t('purpose.quantity')} · ${t('q.baseFlow')} ${l.flowTarget ?? '—'}</td><td>${l.flow ?? `<span class="muted">${t('q.noFlow')}</span>`}${l.flow != null && l.flowTarget != null && l.flow < l.flowTarget ? ' ▼' : ''}</td>`;
  const rule = (id) => window.LIUYU_PARTS.ruleHtml(shared, id);
  const ruleText = (id) => window.LIUYU_PARTS.ruleText(shared, id);
  const compare = (result, baseline) => (!result || !baseline ? '' : result < baseline ? '▲' : result > baseline ? '▼' : '');

  // ------------------------------------------------------------------ errors and HTTP
  // A message from the server is a code with named arguments (docs/web.md, "Refusals are codes"), worded here as
  // 'code.<code>' in the page's language. Some arguments are ids the page can word too (a party by its name, roles,
  // Identity's password rules). An unknown code gives null: the caller says so in words and keeps the server's message aside.
  const ARG_WORDS = {
    party: (v) => partyName(v),
    roles: (v) => String(v).split(', ').map((r) => t('role.' + r)).join('、'),
    identity: (v) => String(v).split(',').map((c) => (t('identity.' + c) === 'identity.' + c ? c : t('identity.' + c))).join('；'),
  };
  const say = (code, args) => {
    const key = 'code.' + code;
    const template = (TEXT[state.lang] && TEXT[state.lang][key]) ?? TEXT.zh[key];
    if (template === undefined || !code) return null;
    return template.replace(/\{(\w+)\}/g, (m, name) => (args && name in args ? (ARG_WORDS[name] ? ARG_WORDS[name](args[name]) : args[name]) : m));
  };
  // The same as HTML: an unknown code is a translated sentence with the server's own message in a <details>.
  const sayHtml = (code, args, message) => {
    const worded = say(code, args);
    if (worded !== null) return esc(worded);
    return `${esc(t('err.unknownCode'))}${message ? `<details class="raw"><summary>${esc(t('err.original'))}</summary>${esc(message)}</details>` : ''}`;
  };

  function showError(message, html) {
    if (html) $('error-text').innerHTML = html; else $('error-text').textContent = message;
    $('error').classList.remove('hidden');
  }
  function clearError() { $('error').classList.add('hidden'); }
  function notice(message) { $('notice').textContent = message; $('notice').classList.remove('hidden'); setTimeout(() => $('notice').classList.add('hidden'), 6000); }
  $('error-close').onclick = clearError;

  async function refreshToken() {
    const r = await fetch('/api/account/antiforgery', { credentials: 'same-origin' });
    state.csrf = (await r.json()).token;
  }

  // A refusal in the page's language: a heading for its kind, then each refusal worded from its code, after the field
  // it names. A 500 says nothing of its cause: it is logged on the server.
  const FIELD_KEYS = ['section', 'month', 'reason', 'year', 'party', 'river', 'payer', 'payee', 'amount', 'paidOn', 'date', 'kind', 'parties', 'description', 'file', 'sections', 'dryRun', 'userName', 'password', 'role', 'bureau', 'limit', 'before', 'from', 'to', 'rule'];
  const fieldName = (f) => (FIELD_KEYS.includes(f) ? t(`field.${f}`) : f);
  // The refusals of a problem as [{field, code, args, message}]: `codes` (field → [{code, args}], beside ASP.NET's
  // `errors` with the English messages) or one `code` with `args` (beside `detail`).
  function refusals(body) {
    if (body?.codes) {
      return Object.entries(body.codes).flatMap(([field, list]) => list.map((c, i) => ({
        field, code: c.code, args: c.args, message: (body.errors && !Array.isArray(body.errors) && body.errors[field]?.[i]) || body.detail })));
    }
    if (body?.code) return [{ field: '', code: body.code, args: body.args, message: body.detail }];
    if (body?.errors && !Array.isArray(body.errors)) return Object.entries(body.errors).flatMap(([field, m]) => [m].flat().map((message) => ({ field, message })));
    const detail = body?.detail || body?.title;
    return detail ? [{ field: '', message: detail }] : [];
  }
  // {text, html}: the text for places that take plain text, the HTML (with any untranslated message folded away) for the error bar.
  function problemMessage(status, body) {
    if (status >= 500) return { text: t('err.server') };
    if (status === 403 && !body?.detail) return { text: t('err.forbidden') };
    const head = t({ 400: 'err.invalid', 404: 'err.notFound', 409: 'err.conflict', 413: 'err.tooLarge', 422: 'err.invalid' }[status] || 'err.invalid');
    const list = refusals(body);
    if (!list.length) return { text: head };
    const field = (r) => (r.field ? fieldName(r.field) + t('colon') : '');
    return {
      text: `${head} · ${list.map((r) => field(r) + (say(r.code, r.args) ?? t('err.unknownCode'))).join('；')}`,
      html: `${esc(head)} · ${list.map((r) => esc(field(r)) + sayHtml(r.code, r.args, r.message)).join('；')}`,
    };
  }

  async function api(path, options = {}) {
    const init = { credentials: 'same-origin', headers: { Accept: 'application/json' }, ...options };
    if (init.method && init.method !== 'GET') {
      if (!state.csrf) await refreshToken();
      init.headers['X-CSRF-TOKEN'] = state.csrf;
      // A FormData body (a file upload) goes as multipart; anything else as JSON.
      if (init.body !== undefined && !(init.body instanceof FormData)) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(init.body); }
    }
    let r;
    try { r = await fetch(path, init); } catch { throw new Error(t('err.network')); }
    if (r.status === 401 && !path.startsWith('/api/account/login')) { showLogin(); throw new Error(t('err.session')); }
    if (r.status === 204) return null;
    const body = (r.headers.get('content-type') || '').includes('json') ? await r.json() : null;
    if (!r.ok) {
      const msg = problemMessage(r.status, body);
      // The problem details go with the error: a page may show more of them (the import's rejected rows).
      throw Object.assign(new Error(msg.text), { status: r.status, problem: body, html: msg.html });
    }
    return body;
  }
  // An upload with its progress (fetch reports none): onProgress(sent, total) while the bytes go, then (total, total) while
  // the server reads and imports; answers and refusals as api() gives them.
  async function upload(path, form, onProgress) {
    if (!state.csrf) await refreshToken();
    const xhr = new XMLHttpRequest();
    const done = new Promise((resolve, reject) => {
      xhr.onload = () => resolve();
      xhr.onerror = () => reject(new Error(t('err.network')));
    });
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-TOKEN', state.csrf);
    xhr.send(form);
    await done;
    if (xhr.status === 401) { showLogin(); throw new Error(t('err.session')); }
    const body = (xhr.getResponseHeader('content-type') || '').includes('json') ? JSON.parse(xhr.responseText) : null;
    if (xhr.status < 200 || xhr.status >= 300) {
      const msg = problemMessage(xhr.status, body);
      throw Object.assign(new Error(msg.text), { status: xhr.status, problem: body, html: msg.html });
    }
    return body;
  }
  // After an import the scheme changes (a new year, new rivers): every page's selectors follow it, without signing in again.
  async function reloadScheme() {
    const scheme = await api('/api/scheme');
    scheme.partyById = Object.fromEntries(scheme.parties.map((p) => [p.id, p]));
    scheme.riverById = Object.fromEntries(scheme.rivers.map((r) => [r.id, r]));
    state.scheme = scheme;
    return scheme;
  }
  const run = (fn) => async (...a) => { try { clearError(); await fn(...a); } catch (e) { if (!(e instanceof Stale)) showError(e.message, e.html); } };

  // ------------------------------------------------------------------ language
  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); el.setAttribute('aria-label', el.title); });
    $('lang').textContent = state.lang === 'zh' ? 'English' : '中文';
    $('dataset').textContent = t('demo');
  }
  $('lang').onclick = () => { state.lang = state.lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('liuyu.lang', state.lang); applyLanguage(); if (state.me) route(); };

  // ------------------------------------------------------------------ sign-in
  function showLogin() {
    state.me = null;
    $('login').classList.remove('hidden'); $('page').classList.add('hidden'); $('nav').classList.add('hidden'); $('logout').classList.add('hidden'); $('menu').classList.add('hidden');
    $('who').textContent = '';
  }
  $('login-form').onsubmit = run(async (ev) => {
    ev.preventDefault();
    await refreshToken();
    // A refusal says its code (wrong password, the last attempt before a lockout, locked for how long, too many
    // requests); the page words it without the generic heading of other refusals.
    try {
      await api('/api/account/login', { method: 'POST', body: { userName: $('login-user').value, password: $('login-password').value } });
    } catch (e) {
      const said = e.problem?.code && e.problem.code !== 'sign-in-failed' ? say(e.problem.code, e.problem.args) : null;
      if (said) throw new Error(said);
      if (e.status === 401) throw new Error(t('login.failed'));
      if (e.status === 423) throw new Error(t('login.locked'));
      throw e;
    }
    $('login-password').value = '';
    await refreshToken(); // the token names the user: a new one after signing in
    await start();
  });
  $('logout').onclick = run(async () => { await api('/api/account/logout', { method: 'POST' }); state.csrf = null; showLogin(); });

  async function start() {
    try { state.me = await api('/api/account/me'); } catch { showLogin(); return; }
    // R-EXT-2: the other province's finance department reads its cross-province statements and nothing else.
    const outside = state.me.roles.length > 0 && state.me.roles.every((r) => r === 'ProvinceFinance');
    const scheme = outside ? (state.scheme = { dataset: null, years: [], parties: [], rivers: [], partyById: {}, riverById: {} }) : await reloadScheme();
    $('login').classList.add('hidden'); $('page').classList.remove('hidden'); $('nav').classList.remove('hidden'); $('logout').classList.remove('hidden'); $('menu').classList.remove('hidden');
    $('who').textContent = `${state.me.userName}${state.me.party ? ' · ' + partyName(state.me.party) : ''}`;
    $('dataset').textContent = t('demo'); $('dataset').classList.toggle('hidden', scheme.dataset !== 'demo');
    document.querySelector('#nav a[data-page=users]').classList.toggle('hidden', !state.me.roles.includes('Administrator'));
    // A nav link with data-roles is shown only to those roles (the server refuses the others anyway).
    document.querySelectorAll('#nav a[data-roles]').forEach((a) => a.classList.toggle('hidden', !a.dataset.roles.split(' ').some((r) => state.me.roles.includes(r))));
    if (outside) document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('hidden', a.dataset.page !== 'cross-province'));
    await integrityBanner();
    if (outside && !location.hash.startsWith('#/cross-province')) location.hash = '#/cross-province';
    if (!location.hash) location.hash = '#/overview';
    route();
  }

  // The red banner of a store whose chains do not verify (tamper evidence, liuyu verify), for the bureaus and the
  // auditor: checked by the server at start and before every clearance and closing, which it then refuses.
  async function integrityBanner() {
    const readers = ['FinanceBureau', 'EcologyBureau', 'Auditor', 'Administrator'];
    const banner = $('integrity');
    if (!readers.some((r) => state.me.roles.includes(r))) { banner.classList.add('hidden'); return; }
    const i = await api('/api/integrity');
    banner.textContent = i.ok ? '' : t('integrity.broken', i.problems, i.first.map((p) => `${t('integrity.chain.' + p.chain).replace(' #{id}', p.id == null ? '' : ' #' + p.id).replace('{id}', p.id ?? '')} ${t('integrity.code.' + p.code)}`).slice(0, 3).join('；'));
    banner.classList.toggle('hidden', i.ok);
  }

  // ------------------------------------------------------------------ routing
  window.addEventListener('hashchange', () => state.me && route());
  window.addEventListener('resize', () => state.charts.forEach((c) => c.resize()));
  // On a phone the navigation folds behind ☰ (app.css); choosing a page folds it again.
  const fold = (open) => { document.querySelector('.top').classList.toggle('open', open); $('menu').setAttribute('aria-expanded', String(open)); };
  $('menu').onclick = () => fold(!document.querySelector('.top').classList.contains('open'));
  function route() {
    fold(false);
    state.charts.forEach((c) => c.dispose()); state.charts = [];
    const token = ++state.route;
    const [, page = 'overview', ...rest] = location.hash.split('?')[0].split('/');
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.page === page));
    const pages = { overview, river, section, ledger, settlement, exemptions, agreements, joint, users };
    // Pages in their own files (pages/*.js) register in window.LIUYU_PAGES and receive the shared helpers first.
    const extra = window.LIUYU_PAGES?.[page];
    const draw = pages[page] || (extra && ((tk, args) => extra(shared, tk, args))) || overview;
    // A page that cannot be shown (no such section, not allowed) leaves only its error, not the previous page under it.
    run(async (tk, args) => {
      try { await draw(tk, args); } catch (e) { if (!(e instanceof Stale) && tk === state.route) $('page').innerHTML = ''; throw e; }
    })(token, rest.map(decodeURIComponent));
  }
  const years = () => state.scheme.years.length ? state.scheme.years : [new Date().getFullYear()];
  const latestYear = () => years()[years().length - 1];
  // The year the last import touched (pages follow the data), else the latest year with lines.
  const defaultYear = () => (state.focusYear && years().includes(state.focusYear) ? state.focusYear : latestYear());
  const select = (id, label, options, value) =>
    `<label>${esc(label)}<select id="${id}">${options.map(([v, text]) => `<option value="${esc(v)}"${String(v) === String(value) ? ' selected' : ''}>${esc(text)}</option>`).join('')}</select></label>`;
  const params = () => new URLSearchParams(location.hash.split('?')[1] || '');
  const chart = (el) => { const c = echarts.init(el, null, { renderer: 'canvas' }); state.charts.push(c); return c; };

  // ------------------------------------------------------------------ 总览 overview
  // A year whose months have results but no targets books ¥0 on them (issue 12): said in Chinese where those lines show.
  const codeWarnings = (id, ws) => (ws && ws.length ? `<div class="error" id="${id}">${ws.map((w) => `<p>${sayHtml(w.code, w.args, w.code)}</p>`).join('')}</div>` : '');

  async function overview(token) {
    const p = params();
    const year = p.get('year') || defaultYear();
    const month = p.get('month') || 12;
    const d = await api(`/api/overview/${year}?month=${month}`);
    fresh(token);
    const m = d.monthFigures, y = d.yearFigures;
    const pct = (a, b) => (b ? `${Math.round((1000 * a) / b) / 10}%` : '—');
    $('page').innerHTML = `
      <div class="row"><h1>${t('ov.title')} · ${esc(d.month)}</h1></div>
      ${codeWarnings('ov-warnings', d.warnings)}
      <div class="card filters">
        ${select('ov-year', t('year'), years().map((v) => [v, v]), year)}
        ${select('ov-month', t('month'), Array.from({ length: 12 }, (_, i) => [i + 1, i + 1]), month)}
      </div>
      <div class="figures" id="figures">
        <div class="figure"><div class="label">${t('ov.sections')}</div><div class="value">${m.sectionsAccounted}</div><div class="sub">${t('ov.withResult', m.withResult)}</div></div>
        <div class="figure"><div class="label">${t('ov.good')}</div><div class="value">${pct(m.good, m.withResult)}</div><div class="sub">${t('ov.yearMoney', pct(y.good, y.withResult))}</div></div>
        <div class="figure"><div class="label">${t('ov.better')}</div><div class="value better">${m.betterThanBaseline}</div><div class="sub">${t('ov.yearMoney', y.betterThanBaseline)}</div></div>
        <div class="figure"><div class="label">${t('ov.worse')}</div><div class="value worse">${m.worseThanBaseline}</div><div class="sub">${t('ov.yearMoney', y.worseThanBaseline)}</div></div>
        <div class="figure"><div class="label">${t('ov.money')}</div><div class="value">${wan(m.movedFen)}</div><div class="sub">${t('ov.yearMoney', wan(y.movedFen))}</div></div>
      </div>
      <div id="ov-early"></div>
      <div class="card" style="margin-top:12px"><h2>${t('map.title', year)}</h2><div id="district-map" class="chart"></div></div>
      <div class="grid2" style="margin-top:12px">
        <div class="card"><h2>${t('ov.network')}</h2>${legend()}
          ${d.edgesTotal > d.edges.length ? `<p class="muted" id="ov-network-cut">${t('ov.networkCut', d.edges.length, d.edgesTotal, d.nodes.length, d.nodesTotal)} <a href="#/ledger?from=${esc(d.month)}&to=${esc(d.month)}">${t('ov.networkAll')}</a></p>` : ''}
          <div id="network" class="chart"></div></div>
        <div class="card"><h2>${t('ov.flows')}</h2><div id="flows" class="chart"></div></div>
      </div>`;
    const go = () => { location.hash = `#/overview?year=${$('ov-year').value}&month=${$('ov-month').value}`; };
    $('ov-year').onchange = go; $('ov-month').onchange = go;
    networkChart(d);
    flowChart(d);
    // Chongqing's districts by net receipts, the rivers' chains on them (pages/map.js).
    window.LIUYU_PARTS.districtMap(shared, $('district-map'), d, chart).catch(() => { if ($('district-map')) $('district-map').classList.add('hidden'); });
    await earlyWarnings(token, year);
  }

  // 预警 (issue 14): section-months no bulletin has closed whose stations so far are worse than the baseline; built on
  // every request beside the overview (station values do not move the store version the overview is cached under).
  async function earlyWarnings(token, year) {
    const w = await api(`/api/overview/${year}/warnings`);
    fresh(token);
    const { percent } = window.LIUYU_PARTS;
    $('ov-early').innerHTML = `<div class="card" style="margin-top:12px"><div class="row"><h2>${t('ew.title')}</h2><a href="#/stations" id="ov-stations">${t('sn.link')}</a></div>
      ${w.warnings.length ? `<div class="scroll"><table id="ov-early-warnings"><thead><tr><th>${t('ew.section')}</th><th>${t('ew.month')}</th><th>${t('ew.provisional')}</th><th>${t('ew.baseline')}</th>
        <th>${t('ew.payers')}</th><th class="num">${t('ew.amount')}</th><th class="num">${t('ew.soFar')}</th></tr></thead><tbody>
        ${w.warnings.map((x) => `<tr data-section="${esc(x.section)}"><td><a href="#/section/${encodeURIComponent(x.section)}">${esc(x.sectionName)}</a><br><span class="muted">${esc(riverName(x.river))}</span></td>
          <td>${esc(x.month)}</td><td>${cls(x.provisional)} ▼</td><td>${cls(x.baseline)}</td><td>${esc(x.payers.map(partyName).join('、') || '—')}</td>
          <td class="num">${yuan(x.amountFen)}</td><td class="num">${x.running.validHours}/${x.running.hoursSoFar} (${percent(x.running.completenessSoFar)})</td></tr>`).join('')}
      </tbody></table></div>` : `<p class="muted" id="ov-no-warnings">${t('ew.none')}</p>`}</div>`;
  }

  function legend() {
    return `<div class="legend">${[1, 3, 4, 5, 6].map((o) => `<span>${cls(o)}${o === 1 ? ' ' + cls(2) : ''}</span>`).join('')}
      <span>▲ ${t('better')}</span><span>▼ ${t('worse')}</span><span style="color:#aab">— ${t('noResult')}</span></div>`;
  }

  function networkChart(d) {
    const nodes = d.nodes.map((n) => ({ id: n.id, name: partyName(n.id), symbolSize: n.kind === 'Municipal' ? 22 : 12,
      itemStyle: { color: n.kind === 'Municipal' ? '#0b3d6e' : '#7b8794' }, label: { show: true, fontSize: 10 } }));
    const edges = d.edges.map((e) => ({ source: e.upstream, target: e.downstream, value: e.amountFen,
      lineStyle: { color: e.result ? CLASS_COLOURS[e.result] : '#c8ced6', width: e.result && e.baseline && e.result !== e.baseline ? 4 : 2,
        type: e.result && e.baseline && e.result > e.baseline ? 'dashed' : 'solid', curveness: 0.15 },
      data: e }));
    const c = chart($('network'));
    c.setOption({
      animation: false,
      tooltip: { formatter: (p) => p.dataType === 'edge'
        ? `${esc(p.data.data.name)}<br>${esc(riverName(p.data.data.river))}<br>${esc(partyName(p.data.data.upstream))} → ${esc(partyName(p.data.data.downstream))}<br>` +
          `${t('ex.result')}: ${p.data.data.result ? CLASS_NAMES[p.data.data.result] : t('noResult')} · ${t('ex.baseline')}: ${p.data.data.baseline ? CLASS_NAMES[p.data.data.baseline] : '—'} ${compare(p.data.data.result, p.data.data.baseline)}<br>` +
          `${esc(ruleText(p.data.data.rule))} · ${yuan(p.data.data.amountFen)} ${t('yuan')}`
        : esc(p.name) },
      series: [{ type: 'graph', layout: 'force', roam: true, draggable: true, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
        force: { repulsion: 120, edgeLength: [30, 70], gravity: 0.08 }, data: nodes, links: edges }],
    });
    c.on('click', (p) => { if (p.dataType === 'edge') explain(p.data.data.section, d.month); });
  }

  function flowChart(d) {
    const flows = d.flows.slice(0, 15).reverse();
    const c = chart($('flows'));
    if (!flows.length) { c.setOption({ title: { text: t('ov.noFlows'), left: 'center', top: 'middle', textStyle: { color: '#888', fontSize: 14 } } }); return; }
    c.setOption({
      animation: false,
      grid: { left: $('flows').clientWidth < 600 ? 110 : 150, right: 30, top: 10, bottom: 30 },
      tooltip: { trigger: 'item', formatter: (p) => `${esc(p.name)}<br>${wan(flows[p.dataIndex].netFen)}` },
      xAxis: { type: 'value', splitNumber: 4, axisLabel: { formatter: (v) => v / 1000000, hideOverlap: true }, name: t('wan'), nameLocation: 'end', nameGap: 8 },
      yAxis: { type: 'category', data: flows.map((f) => `${partyName(f.from)} → ${partyName(f.to)}`), axisLabel: { fontSize: 11 } },
      series: [{ type: 'bar', data: flows.map((f) => f.netFen), itemStyle: { color: '#0b5cad' } }],
    });
  }

  // ------------------------------------------------------------------ 河流 river
  async function river(token, rest) {
    const p = params();
    const id = rest[0] || state.scheme.rivers[0]?.id;
    const year = p.get('year') || defaultYear();
    const d = await api(`/api/rivers/${encodeURIComponent(id)}/${year}`);
    fresh(token);
    // The schematic chain shows the latest month of the year with a result.
    const chainMonth = d.cells.filter((x) => x.result).map((x) => x.month).sort().pop();
    $('page').innerHTML = `
      <h1>${t('rv.title')} · ${esc(d.name)}</h1>
      <div class="card filters">
        ${select('rv-river', t('river'), state.scheme.rivers.map((r) => [r.id, r.name]), id)}
        ${select('rv-year', t('year'), years().map((v) => [v, v]), year)}
      </div>
      <div class="card"><h2>${t('rv.chain')} <span class="muted">${esc(t('rv.chainMonth', chainMonth || '—'))}</span></h2><div class="chain" id="rv-chain">${d.chain.map((c, i) => {
        // Between two parties, the sections that separate them, coloured by the month's class (▲▼ against the baseline).
        const next = d.chain[i + 1];
        const between = next ? d.sections.filter((x) => x.upstream === c.id && x.downstream === next.id) : [];
        return `<span class="party">${esc(c.name)}</span>${next ? `<span class="link-arrow">→</span>${between.map((x) => {
          const cell = d.cells.find((y) => y.section === x.id && y.month === chainMonth);
          return `<a class="section-pill" data-chain-section="${esc(x.id)}" href="#/section/${encodeURIComponent(x.id)}" title="${esc(x.name)}">${cell?.result ? `${cls(cell.result)}${compare(cell.result, cell.baseline)}` : `<span class="muted">${t('noResult')}</span>`}</a><span class="link-arrow">→</span>`;
        }).join('')}` : ''}`;
      }).join('')}</div></div>
      <div class="card"><h2>${t('rv.heatmap')}</h2>${legend()}<div id="heatmap" class="chart" style="height:${Math.max(220, 60 + 34 * d.sections.length)}px"></div></div>
      <div class="card"><h2>${t('rv.sections')}</h2><table><thead><tr><th>${t('ex.section')}</th><th>${t('rv.kind')}</th><th class="num">${t('rv.km')}</th>
        <th>${t('ex.upstream')}</th><th>${t('ex.downstream')}</th><th>${t('rv.target')}</th><th></th></tr></thead><tbody>
        ${d.sections.map((s) => `<tr><td><a href="#/section/${encodeURIComponent(s.id)}">${esc(s.name)}</a> <span class="muted">${esc(s.id)}</span></td><td>${t('kind.' + s.kind)}</td><td class="num">${s.distanceKm}</td>
          <td>${esc(partyName(s.upstream))}</td><td>${esc(partyName(s.downstream))}</td><td>${s.target ? cls(s.target) : '—'}</td>
          <td>${s.approved ? t('rv.approved') : `<span class="worse">${t('rv.notApproved')}</span>`}</td></tr>`).join('')}
      </tbody></table>
      <p><a href="#/ledger?river=${encodeURIComponent(d.id)}&from=${year}-01&to=${year}-12">${t('nav.ledger')} →</a></p></div>`;
    const go = () => { location.hash = `#/river/${encodeURIComponent($('rv-river').value)}?year=${$('rv-year').value}`; };
    $('rv-river').onchange = go; $('rv-year').onchange = go;
    const ys = d.sections.map((s) => s.name);
    const index = Object.fromEntries(d.sections.map((s, i) => [s.id, i]));
    const data = d.cells.map((c) => ({ value: [Number(c.month.slice(5)) - 1, index[c.section], c.result || 0], cell: c,
      itemStyle: { color: c.result ? CLASS_COLOURS[c.result] : '#e3e7ec' } }));
    const c = chart($('heatmap'));
    // On a phone the section names take a third of the width, not 230 px, and the cells' labels get smaller.
    const narrow = $('heatmap').clientWidth < 600;
    c.setOption({
      animation: false,
      grid: { left: narrow ? Math.round($('heatmap').clientWidth / 3) : 230, right: narrow ? 6 : 20, top: 10, bottom: 30 },
      xAxis: { type: 'category', data: Array.from({ length: 12 }, (_, i) => `${i + 1}`), splitArea: { show: true } },
      yAxis: { type: 'category', data: ys, inverse: true, axisLabel: { fontSize: narrow ? 10 : 11, width: narrow ? Math.round($('heatmap').clientWidth / 3) - 6 : 220, overflow: narrow ? 'break' : 'truncate' } },
      tooltip: { formatter: (p) => { const x = p.data.cell; return `${esc(ys[p.data.value[1]])} · ${esc(x.month)}<br>${t('ex.result')}: ${x.result ? CLASS_NAMES[x.result] : t('noResult')} · ${t('ex.baseline')}: ${x.baseline ? CLASS_NAMES[x.baseline] : '—'}<br>${esc(ruleText(x.rule))} · ${yuan(x.amountFen)} ${t('yuan')}${x.payer ? `<br>${esc(partyName(x.payer))} → ${esc(partyName(x.payee))}` : ''}`; } },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: narrow ? 8 : 13, fontWeight: 'bold', color: '#fff',
        formatter: (p) => { const x = p.data.cell; return x.result ? `${CLASS_NAMES[x.result]}${compare(x.result, x.baseline)}` : '—'; } },
        itemStyle: { borderColor: '#fff', borderWidth: 2 } }],
    });
    c.on('click', (p) => explain(p.data.cell.section, p.data.cell.month));
  }

  // ------------------------------------------------------------------ 断面 section
  async function section(token, rest) {
    const [d, samples] = await Promise.all([api(`/api/sections/${encodeURIComponent(rest[0] || '')}`), api(`/api/sections/${encodeURIComponent(rest[0] || '')}/samples`)]);
    fresh(token);
    // R-EXT-1: the quantity lines have their own card (flow against the base flow); the class chart reads the quality lines.
    const months = d.months.filter((l) => l.kind === 'Posting' && l.purpose !== 'quantity');
    $('page').innerHTML = `
      <h1>${t('sc.title')} · ${esc(d.name)} <span class="muted">${esc(d.id)}</span></h1>
      <div class="card"><dl class="kv">
        <dt>${t('ex.river')}</dt><dd><a href="#/river/${encodeURIComponent(d.river)}">${esc(riverName(d.river))}</a></dd>
        <dt>${t('rv.kind')}</dt><dd>${t('kind.' + d.kind)}, ${d.distanceKm} km, ${d.approved ? t('rv.approved') : `<span class="worse">${t('rv.notApproved')}</span>`}</dd>
        <dt>${t('ex.upstream')} → ${t('ex.downstream')}</dt><dd>${esc(partyLabel(d.upstream))} → ${esc(partyLabel(d.downstream))}</dd>
        <dt>${t('rv.target')}</dt><dd>${d.targets.map((x) => `${x.year}: ${cls(x.class)}`).join(' · ') || '—'}</dd>
      </dl></div>
      <div class="card"><h2>${t('sc.chart')}</h2>${legend()}<div id="section-chart" class="chart small"></div></div>
      <div class="card scroll"><h2>${t('sc.months')}</h2><table id="section-months"><thead><tr><th>${t('month')}</th><th>${t('lg.baseline')}</th><th>${t('lg.result')}</th>
        <th>${t('rule')}</th><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('lg.amount')}</th><th>${t('lg.note')}</th></tr></thead><tbody>
        ${months.map((l) => `<tr class="click" data-month="${esc(l.month)}"><td>${esc(l.month)}</td><td>${cls(l.baseline)}</td><td>${cls(l.result)} ${compare(l.result, l.baseline)}</td>
          <td>${rule(l.rule)}</td><td>${esc(partyName(l.payer))}</td><td>${esc(partyName(l.payee))}</td><td class="num">${yuan(l.amountFen)}</td><td>${esc(lineNote(l))}</td></tr>`).join('')}
      </tbody></table></div>`;
    document.querySelectorAll('#section-months tr.click').forEach((tr) => { tr.onclick = () => explain(d.id, tr.dataset.month); });
    const c = chart($('section-chart'));
    const x = months.map((l) => l.month);
    c.setOption({
      animation: false,
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      legend: { data: [t('sc.result'), t('sc.baseline')], top: 0, right: 10 },
      tooltip: { trigger: 'axis', formatter: (ps) => `${esc(ps[0].axisValue)}<br>` + ps.map((p) => `${esc(p.seriesName)}: ${p.value ? CLASS_NAMES[p.value] : t('noResult')}`).join('<br>') },
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value', min: 1, max: 6, interval: 1, inverse: true, axisLabel: { formatter: (v) => CLASS_NAMES[v] || '' } },
      series: [
        { name: t('sc.result'), type: 'line', data: months.map((l) => ({ value: l.result, itemStyle: { color: l.result ? CLASS_COLOURS[l.result] : '#c8ced6' } })),
          symbol: 'circle', symbolSize: 11, lineStyle: { color: '#9aa5b1' }, connectNulls: false },
        { name: t('sc.baseline'), type: 'line', step: 'middle', data: months.map((l) => l.baseline), symbol: 'none', lineStyle: { type: 'dashed', color: '#0b3d6e' }, itemStyle: { color: '#0b3d6e' } },
      ],
    });
    c.on('click', (p) => explain(d.id, x[p.dataIndex]));
    flowCard(d);
    sampleCard(samples);
  }

  // R-EXT-1: the month's lowest daily mean flow against the ecological base flow, and the quantity lines of the ledger.
  function flowCard(d) {
    if (!d.flows || !d.flows.length) return;
    const lines = Object.fromEntries(d.months.filter((l) => l.kind === 'Posting' && l.purpose === 'quantity').map((l) => [l.month, l]));
    const card = document.createElement('div');
    card.className = 'card scroll';
    card.id = 'section-flows';
    card.innerHTML = `<h2>${t('q.title')}</h2><div id="section-flow-chart" class="chart small"></div>
      <table id="section-flow-months"><thead><tr><th>${t('month')}</th><th class="num">${t('q.flow')}</th><th class="num">${t('q.baseFlow')}</th><th>${t('rule')}</th>
        <th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('lg.amount')}</th></tr></thead><tbody>
        ${d.flows.map((f) => { const l = lines[f.month]; return `<tr class="click" data-month="${esc(f.month)}"><td>${esc(f.month)}</td>
          <td class="num${f.flow != null && f.baseFlow != null && f.flow < f.baseFlow ? ' worse' : ''}">${f.flow ?? `<span class="muted">${t('q.noFlow')}</span>`}</td><td class="num">${f.baseFlow ?? '—'}</td>
          <td>${esc(l?.rule ?? '')}</td><td>${esc(l?.payer ? partyName(l.payer) : '')}</td><td>${esc(l?.payee ? partyName(l.payee) : '')}</td><td class="num">${l ? yuan(l.amountFen) : ''}</td></tr>`; }).join('')}
      </tbody></table>`;
    $('page').appendChild(card);
    card.querySelectorAll('tr.click').forEach((tr) => { tr.onclick = () => explain(d.id, tr.dataset.month); });
    const c = chart($('section-flow-chart'));
    c.setOption({
      animation: false,
      grid: { left: 50, right: 20, top: 30, bottom: 40 },
      legend: { data: [t('q.flow'), t('q.baseFlow')], top: 0, right: 10 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? t('q.noFlow') : `${v} ${t('q.unit')}`) },
      xAxis: { type: 'category', data: d.flows.map((f) => f.month) },
      yAxis: { type: 'value', name: t('q.unit'), min: 0 },
      series: [
        { name: t('q.flow'), type: 'bar', data: d.flows.map((f) => ({ value: f.flow, itemStyle: { color: f.flow != null && f.baseFlow != null && f.flow < f.baseFlow ? '#d7302c' : '#1e6fd9' } })) },
        { name: t('q.baseFlow'), type: 'line', step: 'middle', data: d.flows.map((f) => f.baseFlow), symbol: 'none', lineStyle: { type: 'dashed', color: '#0b3d6e' }, itemStyle: { color: '#0b3d6e' } },
      ],
    });
    c.on('click', (p) => explain(d.id, d.flows[p.dataIndex].month));
  }

  // R-DATA-3: the measured indicators by month, as the server's GB 3838 evaluation gives them; only where samples exist.
  function sampleCard(v) {
    const card = document.createElement('div');
    card.className = 'card scroll';
    card.id = 'section-samples';
    if (!v.months.length) {
      card.innerHTML = `<h2>${t('sm.title')}</h2><p class="muted" id="section-samples-none">${t('sm.none')}</p>`;
      $('page').appendChild(card);
      return;
    }
    const keys = [...new Set(v.months.flatMap((m) => m.indicators.map((i) => i.key)))];
    const info = Object.fromEntries(v.months.flatMap((m) => m.indicators).map((i) => [i.key, i]));
    const label = (k) => `${esc(state.lang === 'zh' ? info[k].nameZh : info[k].nameEn)}<br><span class="muted">${esc(info[k].unit)}</span>`;
    card.innerHTML = `<h2>${t('sm.title')}</h2>
      <table id="sample-table"><thead><tr><th>${t('month')}</th><th>${t('sm.class')}</th><th>${t('sm.deciding')}</th><th class="num">${t('sm.samples')}</th><th>${t('sm.source')}</th>${keys.map((k) => `<th class="num">${label(k)}</th>`).join('')}</tr></thead><tbody>
        ${v.months.map((m) => `<tr><td>${esc(m.month)}</td><td>${cls(m.class)}${m.complete ? '' : ` <span class="muted" title="${esc(m.notSampled.join(', '))}">${t('sm.partial')}</span>`}</td>
          <td>${m.deciding.map(esc).join(', ')}</td><td class="num">${m.samples}</td>
          <td class="sm-source" data-source="${esc(m.source)}">${m.source === 'station' ? t('sm.fromStation') : t('sm.fromLab')}${m.stationCompleteness == null ? ''
            : `<br><span class="muted">${t('sm.completeness', window.LIUYU_PARTS.percent(m.stationCompleteness), window.LIUYU_PARTS.percent(m.stationRequired))}</span>`}</td>
          ${keys.map((k) => { const i = m.indicators.find((x) => x.key === k); return `<td class="num">${i ? `${esc(i.value)} ${cls(i.class)}` : '—'}</td>`; }).join('')}</tr>`).join('')}
      </tbody></table>
      <div class="filters">${select('sm-indicator', t('sm.indicator'), keys.map((k) => [k, state.lang === 'zh' ? info[k].nameZh : info[k].nameEn]), v.months[v.months.length - 1].deciding[0] || keys[0])}</div>
      <div id="sample-chart" class="chart small"></div>`;
    $('page').appendChild(card);
    const c = chart($('sample-chart'));
    const draw = () => {
      const k = $('sm-indicator').value;
      const points = v.months.map((m) => ({ month: m.month, i: m.indicators.find((x) => x.key === k) }));
      c.setOption({
        animation: false,
        grid: { left: 60, right: 20, top: 30, bottom: 40 },
        legend: { data: [t('sm.value'), t('sm.limit')], top: 0, right: 10 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: points.map((p) => p.month) },
        yAxis: { type: 'value', name: info[k].unit, scale: true },
        series: [
          { name: t('sm.value'), type: 'line', data: points.map((p) => (p.i ? { value: p.i.value, itemStyle: { color: CLASS_COLOURS[p.i.class] } } : null)), symbol: 'circle', symbolSize: 10, lineStyle: { color: '#9aa5b1' } },
          { name: t('sm.limit'), type: 'line', step: 'middle', data: points.map((p) => p.i?.targetLimit ?? null), symbol: 'none', lineStyle: { type: 'dashed', color: '#0b3d6e' }, itemStyle: { color: '#0b3d6e' } },
        ],
      }, true);
    };
    $('sm-indicator').onchange = draw;
    draw();
  }

  // ------------------------------------------------------------------ 联防共治 joint governance
  // ------------------------------------------------------------------ 协议 agreements (R-AGR-1..3, R-FUND-1)
  async function agreements(token) {
    const date = params().get('date') || '';
    const d = await api(`/api/agreements${date ? `?date=${encodeURIComponent(date)}` : ''}`);
    fresh(token);
    // The domain's warning in the reader's language from its figures; its own (English) sentence for a kind not known here.
    const warning = (w) => {
      const key = `ag.w.${w.kind}`;
      if (t(key) === key) return w.message;
      return w.kind === 'BasinFundCharged' ? t(key, partyName(w.party), w.year, w.months, yuan(w.amountFen)) : t(key, w.date ?? w.minimumTermYears ?? '');
    };
    const sig = (a) => a.signatures === null ? `<span class="muted">${t('ag.notTracked')}</span>`
      : a.signatures.map((x) => x.signedOn ? `${esc(partyName(x.party))} ${esc(x.signedOn)}` : `<span class="worse">${esc(partyName(x.party))} ${t('ag.unsigned')}</span>`).join('<br>');
    $('page').innerHTML = `
      <h1>${t('ag.title')}</h1>
      <div class="card filters"><label>${t('ag.date')} <input type="date" id="ag-date" value="${esc(date)}"></label></div>
      <div class="card scroll"><table id="agreements"><thead><tr><th>${t('river')}</th><th>${t('ag.term')}</th><th class="num">${t('ag.tiers')}</th><th>${t('ag.signatures')}</th><th>${t('ag.warnings')}</th></tr></thead><tbody>
        ${d.map((a) => `<tr><td>${esc(riverName(a.river))}</td><td>${a.effectiveFrom ? `${esc(a.effectiveFrom)} … ${esc(a.effectiveTo)}` : '—'}</td>
          <td class="num">${yuan(a.tier1Fen)} / ${yuan(a.tier2Fen)}</td><td>${sig(a)}</td>
          <td class="${a.warnings.length ? 'worse' : ''}">${a.warnings.map((w) => esc(warning(w))).join('<br>') || '—'}</td></tr>`).join('')}
      </tbody></table></div>`;
    $('ag-date').onchange = () => { location.hash = `#/agreements${$('ag-date').value ? `?date=${$('ag-date').value}` : ''}`; };
  }

  async function joint(token) {
    const river = params().get('river') || '';
    const d = await api(`/api/joint${river ? `?river=${encodeURIComponent(river)}` : ''}`);
    fresh(token);
    $('page').innerHTML = `
      <h1>${t('jg.title')}</h1>
      <div class="card filters">${select('jg-river', t('river'), [['', t('all')], ...state.scheme.rivers.map((r) => [r.id, r.name])], river)}</div>
      <div class="card"><h2>${t('jg.meeting')}</h2><table id="meeting-systems"><thead><tr><th>${t('river')}</th><th>${t('jg.with')}</th><th>${t('jg.without')}</th></tr></thead><tbody>
        ${d.meetingSystems.map((m) => `<tr><td>${esc(riverName(m.river))}</td><td>${m.with.map(partyName).map(esc).join('、') || '—'}</td>
          <td class="${m.without.length ? 'worse' : ''}">${m.without.map(partyName).map(esc).join('、') || '—'}</td></tr>`).join('')}
      </tbody></table></div>
      <div class="card scroll"><h2>${t('jg.activities')}</h2><table id="activities"><thead><tr><th>${t('jg.date')}</th><th>${t('river')}</th><th>${t('jg.kind')}</th><th>${t('party')}</th><th>${t('lg.note')}</th><th>${t('jg.status')}</th></tr></thead><tbody>
        ${d.activities.length ? d.activities.map((a) => `<tr><td>${esc(a.date)}</td><td>${esc(riverName(a.river))}</td><td>${t('jg.' + a.kind)}</td>
          <td>${a.parties.map(partyName).map(esc).join('、')}</td><td>${esc(a.description)}</td>
          <td>${a.counts ? t('jg.counts') : `<span class="pill stale">${t('jg.awaiting', a.awaiting.map(partyName).join('、'))}</span>`}${
            !a.counts && state.me.party && a.awaiting.includes(state.me.party) ? ` <button type="button" class="secondary" data-confirm-activity="${esc(String(a.id))}">${t('jg.confirm')}</button>` : ''}</td></tr>`).join('')
          : `<tr><td colspan="6" class="muted">${t('none')}</td></tr>`}
      </tbody></table></div>`;
    // R-JOINT-1: a district named by another district's record confirms that it took part; the record counts once all have.
    document.querySelectorAll('[data-confirm-activity]').forEach((b) => { b.onclick = run(async () => {
      await api(`/api/joint/activities/${encodeURIComponent(b.dataset.confirmActivity)}/confirm`, { method: 'POST' });
      notice(t('jg.confirmed'));
      route();
    }); });
    $('jg-river').onchange = () => { location.hash = `#/joint${$('jg-river').value ? `?river=${encodeURIComponent($('jg-river').value)}` : ''}`; };
    jointForm(river);
  }

  // R-JOINT-1: the Ecology Bureau, or a district of the river, records an activity; a district always takes part itself.
  function jointForm(river) {
    const roles = state.me.roles;
    const mine = state.me.party;
    const rivers = state.scheme.rivers.filter((r) => roles.includes('EcologyBureau') || (mine && r.parties.includes(mine)));
    if (!rivers.length || !(roles.includes('EcologyBureau') || roles.includes('District'))) return;
    const kinds = ['JointMeetingSystem', 'JointEnforcement', 'JointEmergencyResponse', 'ProjectConsultation'];
    const card = document.createElement('div');
    card.className = 'card';
    card.innerHTML = `<h2>${t('jg.record')}</h2><form id="jg-form" class="filters">
      ${select('jg-form-river', t('river'), rivers.map((r) => [r.id, r.name]), rivers.some((r) => r.id === river) ? river : rivers[0].id)}
      ${select('jg-form-kind', t('jg.kind'), kinds.map((k) => [k, t('jg.' + k)]), kinds[0])}
      <label>${t('jg.date')}<input id="jg-form-date" type="date" required max="${new Date().toISOString().slice(0, 10)}"></label>
      <label style="flex:1">${t('lg.note')}<input id="jg-form-description" required></label>
      <div class="parties-pick" id="jg-form-parties"></div>
      <button type="submit">${t('jg.submit')}</button></form>`;
    $('page').insertBefore(card, $('page').children[2]);
    const parties = () => {
      const r = state.scheme.riverById[$('jg-form-river').value];
      $('jg-form-parties').innerHTML = r.parties.map((p) => `<label><input type="checkbox" value="${esc(p)}"${p === mine ? ' checked disabled' : ''}>${esc(partyName(p))}</label>`).join('');
    };
    $('jg-form-river').onchange = parties;
    parties();
    $('jg-form').onsubmit = run(async (ev) => {
      ev.preventDefault();
      const chosen = [...document.querySelectorAll('#jg-form-parties input:checked')].map((i) => i.value);
      await api('/api/joint/activities', { method: 'POST', body: { river: $('jg-form-river').value, kind: $('jg-form-kind').value, date: $('jg-form-date').value,
        parties: chosen, description: $('jg-form-description').value } });
      notice(t('jg.recorded'));
      route();
    });
  }

  // ------------------------------------------------------------------ 用户 users (administrator)
  async function users(token) {
    const list = await api('/api/users');
    fresh(token);
    const roles = ['FinanceBureau', 'EcologyBureau', 'MonitoringCentre', 'District', 'Auditor', 'Administrator', 'ProvinceFinance'];
    $('page').innerHTML = `
      <h1>${t('us.title')}</h1>
      <div class="card"><h2>${t('us.create')}</h2><form id="us-form" class="filters" autocomplete="off">
        <label>${t('login.user')}<input id="us-name" required></label>
        <label>${t('login.password')}<input id="us-password" type="password" required autocomplete="new-password"></label>
        ${select('us-role', t('us.role'), roles.map((r) => [r, t('role.' + r)]), 'District')}
        ${select('us-party', t('party'), [['', '—'], ...state.scheme.parties.filter((p) => p.kind === 'District' || (p.province && p.province !== '重庆')).map((p) => [p.id, p.name])], '')}
        <button type="submit">${t('us.submit')}</button></form></div>
      <div class="card scroll"><table id="users"><thead><tr><th>${t('login.user')}</th><th>${t('us.role')}</th><th>${t('party')}</th><th></th></tr></thead><tbody>
        ${list.map((u) => `<tr data-user="${esc(u.userName)}"><td>${esc(u.userName)}</td><td>${u.roles.map((r) => t('role.' + r)).join('、')}</td><td>${esc(partyName(u.party))}</td>
          <td>${u.lockedOut ? `<span class="pill stale">${t('us.locked')}</span> <button type="button" class="secondary" data-unlock="${esc(u.userName)}">${t('us.unlock')}</button> ` : ''}${u.userName === state.me.userName ? ''
            : `<button type="button" class="secondary" data-role-of="${esc(u.userName)}">${t('us.changeRole')}</button>`}</td></tr>`).join('')}
      </tbody></table></div>`;
    const districts = [['', '—'], ...state.scheme.parties.filter((p) => p.kind === 'District' || (p.province && p.province !== '重庆')).map((p) => [p.id, p.name])];
    // 修改角色: the row turns into a role and district choice; the server ends the user's session and records user.role.
    document.querySelectorAll('[data-role-of]').forEach((b) => { b.onclick = () => {
      const u = list.find((x) => x.userName === b.dataset.roleOf);
      const row = b.closest('tr');
      document.querySelectorAll('[data-role-of]').forEach((x) => { x.disabled = true; });
      row.children[1].innerHTML = select('us-edit-role', '', roles.map((r) => [r, t('role.' + r)]), u.roles[0] || 'District');
      row.children[2].innerHTML = select('us-edit-party', '', districts, u.party || '');
      row.children[3].innerHTML = `<button type="button" id="us-edit-save">${t('us.save')}</button> <button type="button" class="secondary" id="us-edit-cancel">${t('us.cancel')}</button>
        <span class="muted">${t('us.roleHint')}</span>`;
      const partyFollows = () => { $('us-edit-party').disabled = $('us-edit-role').value !== 'District'; if ($('us-edit-party').disabled) $('us-edit-party').value = ''; };
      $('us-edit-role').onchange = partyFollows;
      partyFollows();
      $('us-edit-cancel').onclick = () => route();
      $('us-edit-save').onclick = run(async () => {
        await api(`/api/users/${encodeURIComponent(u.userName)}/role`, { method: 'POST', body: { role: $('us-edit-role').value, party: $('us-edit-party').value || null } });
        notice(t('us.roleChanged', u.userName, t('role.' + $('us-edit-role').value)));
        route();
      });
    }; });
    $('us-form').onsubmit = run(async (ev) => {
      ev.preventDefault();
      await api('/api/users', { method: 'POST', body: { userName: $('us-name').value, password: $('us-password').value, role: $('us-role').value, party: $('us-party').value || null } });
      notice(t('us.created', $('us-name').value));
      route();
    });
    document.querySelectorAll('[data-unlock]').forEach((b) => { b.onclick = run(async () => {
      await api(`/api/users/${encodeURIComponent(b.dataset.unlock)}/unlock`, { method: 'POST' });
      notice(t('us.unlocked', b.dataset.unlock));
      route();
    }); });
  }

  // ------------------------------------------------------------------ 台账 ledger
  async function ledger(token) {
    const p = params();
    const q = new URLSearchParams();
    for (const k of ['river', 'party', 'from', 'to', 'rule']) if (p.get(k)) q.set(k, p.get(k));
    const d = await api(`/api/ledger?${q}&limit=1000`);
    fresh(token);
    $('page').innerHTML = `
      <h1>${t('lg.title')}</h1>
      <div class="card filters" id="ledger-filters">
        ${select('lg-river', t('river'), [['', t('all')], ...state.scheme.rivers.map((r) => [r.id, r.name])], p.get('river') || '')}
        ${select('lg-party', t('party'), [['', t('all')], ...state.scheme.parties.map((x) => [x.id, x.name])], p.get('party') || '')}
        <label>${t('from')}<input id="lg-from" type="month" value="${esc(p.get('from') || '')}"></label>
        <label>${t('to')}<input id="lg-to" type="month" value="${esc(p.get('to') || '')}"></label>
        ${select('lg-rule', t('rule'), [['', t('all')], ...['R-COMP-1', 'R-COMP-2', 'R-COMP-3', 'R-FAM-3a', 'R-FAM-3b', 'R-FAM-4a', 'R-FAM-4b', 'R-FAM-4c', 'R-EXT-1a', 'R-EXT-1b', 'R-EXT-1c', 'R-EXT-1d', 'R-DATA-4', 'R-EXEMPT-1', 'R-SEC-2', 'R-BASE-1', 'R-BASE-2'].map((r) => [r, `${ruleText(r)} ${r}`])], p.get('rule') || '')}
        <button type="button" id="lg-apply">${t('apply')}</button>
        <span class="downloads" id="lg-exports"><a id="lg-export" href="/api/ledger/export?${q}&format=csv&lang=${state.lang}" download>${t('lg.export')}</a> ·
          <a id="lg-export-xlsx" href="/api/ledger/export?${q}&format=xlsx&lang=${state.lang}" download>${t('lg.exportXlsx')}</a></span>
        <span class="muted" id="lg-count">${d.total > d.lines.length ? t('lg.countShown', d.lines.length, d.total) : t('lg.count', d.total)}</span>
      </div>
      <div class="card scroll"><table id="ledger-table"><thead><tr><th class="num">${t('lg.seq')}</th><th>${t('lg.kind')}</th><th>${t('month')}</th><th>${t('river')}</th><th>${t('lg.section')}</th>
        <th>${t('lg.baseline')}</th><th>${t('lg.result')}</th><th>${t('rule')}</th><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('lg.amount')}</th><th>${t('lg.note')}</th></tr></thead>
        <tbody>${d.lines.map((l) => `<tr class="click" data-section="${esc(l.section)}" data-month="${esc(l.month)}"><td class="num">${l.sequence}</td><td>${t(l.kind)}${l.isAdjustment ? ' *' : ''}</td>
          <td>${esc(l.month)}</td><td>${esc(riverName(l.river))}</td><td title="${esc(l.section)}">${esc(l.sectionName ?? l.section)}</td>${l.purpose === 'quantity' ? flowCells(l) : `<td>${cls(l.baseline)}</td><td>${cls(l.result)} ${compare(l.result, l.baseline)}</td>`}
          <td>${rule(l.rule)}</td><td>${esc(partyName(l.payer))}</td><td>${esc(partyName(l.payee))}</td><td class="num">${l.kind === 'Reversal' ? '−' : ''}${yuan(l.amountFen)}</td><td>${esc(lineNote(l))}</td></tr>`).join('')}</tbody></table></div>`;
    $('lg-apply').onclick = () => {
      const n = new URLSearchParams();
      [['river', 'lg-river'], ['party', 'lg-party'], ['from', 'lg-from'], ['to', 'lg-to'], ['rule', 'lg-rule']].forEach(([k, id]) => { if ($(id).value) n.set(k, $(id).value); });
      location.hash = `#/ledger?${n}`;
    };
    document.querySelectorAll('#ledger-table tr.click').forEach((tr) => { tr.onclick = () => explain(tr.dataset.section, tr.dataset.month); });
  }

  // ------------------------------------------------------------------ explanation (drill-down)
  const explain = run(async (section, month) => {
    const e = await api(`/api/sections/${encodeURIComponent(section)}/months/${encodeURIComponent(month)}`);
    const row = (k, v) => `<dt>${t(k)}</dt><dd>${v}</dd>`;
    $('dialog-content').innerHTML = `<h2>${t('ex.title')} · ${esc(e.sectionName)} · ${esc(e.month)}</h2><dl class="kv" id="explanation">
      ${row('ex.section', t('ex.sectionText', `<a id="explanation-section" href="#/section/${encodeURIComponent(e.section)}">${esc(e.sectionName)}</a>`, esc(e.section), t('kind.' + e.kind), e.distanceKm, e.approved ? t('rv.approved') : t('rv.notApproved')))}
      ${row('ex.river', esc(e.riverName))}
      ${row('ex.upstream', esc(e.upstreamName + provinceOf(e.upstream)))}${row('ex.downstream', esc(e.downstreamName + provinceOf(e.downstream)))}
      ${row('ex.baseline', `${cls(e.baseline)} ${e.baselineBasis ? esc(t('base.' + e.baselineBasis).replace('{from}', e.baselineFrom ?? '').replace('{km}', e.baselineDistanceKm ?? '') + (e.baselineTie ? t('base.tie') : '')) : ''}`)}
      ${row('ex.result', `${cls(e.result)} ${e.source ? t('src.' + e.source) : ''} ${compare(e.result, e.baseline)}`)}
      ${e.computedClass ? row('ex.computed', cls(e.computedClass)) : ''}
      ${row('ex.d', e.difference ?? '—')}
      ${row('ex.family', esc(window.LIUYU_PARTS.familyText(shared, e.ruleFamily)))}
      ${e.familyParameters ? row('ex.params', Object.entries(e.familyParameters).map(([k, v]) => `${esc(k)} ${esc(k === 'target_class' ? CLASS_NAMES[v] : yuan(Number(v)))}`).join(' · ')) : ''}
      ${row('ex.tiers', e.tier1Fen != null ? esc(t('ex.tiersText', yuan(e.tier1Fen), yuan(e.tier2Fen), ...String(e.agreementTerm ?? '').split(/…|\.\.\./).concat(['', '']).slice(0, 2))) : '—')}
      ${row('ex.policy', esc(window.LIUYU_PARTS.policyText(shared, e.policyVersion)))}
      ${row('ex.exemption', e.exemption ? `${esc(e.exemption)} (${e.exemptionApproved ? t('ex.approvedYes') : t('ex.approvedNo')})` : t('none'))}
      ${row('ex.rule', `<strong>${rule(e.rule)}</strong> ${esc(noteText(e.noteCode, e.noteArgs))}`)}
      ${row('ex.amount', e.payer ? `<strong>${yuan(e.amountFen)} ${t('yuan')}</strong> · ${esc(partyName(e.payer))} → ${esc(partyName(e.payee))}` : `0.00 ${t('yuan')}`)}
      ${e.quantity ? row('ex.quantity', `<span id="explanation-quantity">${t('q.flow')} ${e.quantity.flow ?? t('q.noFlow')} · ${t('q.baseFlow')} ${e.quantity.baseFlow} ${t('q.unit')} · ${t('q.amount')} ${yuan(e.quantity.quantityAmountFen)} ${t('yuan')} (${t('q.mode.' + e.quantity.mode)})<br>
        <strong>${rule(e.quantity.rule)}</strong> ${e.quantity.payer ? `<strong>${yuan(e.quantity.amountFen)} ${t('yuan')}</strong> · ${esc(partyName(e.quantity.payer))} → ${esc(partyName(e.quantity.payee))}` : '0'}</span>`) : ''}
      ${row('ex.revisions', e.revisions.map((r) => `${esc(t('ex.revision', r.revision))} ${cls(r.class)} ${t('src.' + r.source)} ${esc(r.note ?? '')}`).join('<br>') || '—')}
      ${row('ex.history', e.history.map((l) => `${esc(t('ex.line', l.sequence))} ${t(l.kind)} ${rule(l.rule)} ${yuan(l.amountFen)} ${t('yuan')}`).join('<br>') || '—')}
    </dl>`;
    $('explanation-section').onclick = () => $('dialog').classList.add('hidden');
    $('dialog').classList.remove('hidden');
  });
  $('dialog-close').onclick = () => $('dialog').classList.add('hidden');
  $('dialog').onclick = (ev) => { if (ev.target === $('dialog')) $('dialog').classList.add('hidden'); };

  // ------------------------------------------------------------------ 年度清算 settlement
  async function settlement(token) {
    const year = params().get('year') || defaultYear();
    const [d, pay] = await Promise.all([api(`/api/settlement/${year}`), api(`/api/settlement/${year}/payments`)]);
    fresh(token);
    const pr = d.progress;
    const roles = state.me.roles;
    const mine = state.me.party;
    const myPending = mine && [...pr.pending, ...pr.stale].some((c) => c.party === mine);
    const cityPending = roles.includes('FinanceBureau') && [...pr.pending, ...pr.stale].some((c) => state.scheme.partyById[c.party]?.kind === 'Municipal');
    const status = (c, kind) => `<tr><td>${esc(riverName(c.river))}</td><td>${esc(partyName(c.party))}</td><td><span class="pill ${kind}">${t(kind === 'ok' ? 'st.confirmed' : kind === 'wait' ? 'st.pending' : 'st.stale')}</span></td></tr>`;
    const relevant = (c) => !mine || c.party === mine;
    // R-SET-1 as steps (pages/yearsteps.js): where the year is, who acts, why a button is disabled.
    const ys = window.LIUYU_PARTS.yearSteps(shared, year, d, pay);
    const off = (enabled, reason) => (enabled ? '' : `disabled title="${esc(reason)}"`);
    const clearable = pr.allConfirmed && !pr.cleared && !d.closed;
    // R-FUND-1 beside the river totals, not in them (R-SET-2's nets stay as they are): what a district owes the municipal
    // treasury into the basin fund, and for the treasury what it collects.
    const fundOwed = (p) => d.fund.filter((f) => f.party === p).reduce((a, f) => a + f.amountFen, 0);
    const fundCell = (p) => state.scheme.partyById[p]?.kind === 'Municipal'
      ? (d.fund.length ? `+${yuan(d.fund.reduce((a, f) => a + f.amountFen, 0))}` : '—') : (fundOwed(p) ? `−${yuan(fundOwed(p))}` : '—');
    $('page').innerHTML = `
      <h1>${t('st.title')} · ${year} <span class="pill ${pr.cleared ? 'ok' : 'wait'}" id="st-cleared">${pr.cleared ? t('st.cleared') : t('st.notCleared')}</span>
        ${d.closed ? `<span class="pill ok" id="st-closed">${t('st.closed')}</span>` : ''}</h1>
      ${codeWarnings('st-warnings', d.warnings)}
      <div class="card filters">
        ${select('st-year', t('year'), years().map((v) => [v, v]), year)}
        <span class="muted">${t('st.total', wan(d.totalMovedFen))}</span>
        <span class="downloads" id="st-downloads">${t('st.download')}
          <a href="/api/files/${year}/settlement.pdf" download>${t('st.dlStatementPdf')}</a> ·
          <a href="/api/files/${year}/settlement.xlsx" download>${t('st.dlStatementXlsx')}</a> ·
          <a href="/api/files/${year}/ledger.xlsx" download>${t('st.dlLedgerXlsx')}</a></span>
        <a href="#/cross-province" id="st-cross-province">${t('nav.crossProvince')}</a>
        ${mine ? `<button type="button" id="st-confirm" ${off(myPending, ys.why.confirm)}>${esc(t('st.confirm', year))} · ${esc(partyName(mine))}</button>` : ''}
        ${roles.includes('FinanceBureau') ? `<button type="button" id="st-confirm-city" ${off(cityPending, ys.why.confirmCity)}>${t('st.confirmCity')}</button>
          <button type="button" id="st-clear" ${off(clearable, ys.why.clear)}>${t('st.clear')}</button>
          <button type="button" id="st-close" ${off(pr.cleared && !d.closed, ys.why.close)}>${t('st.close')}</button>` : ''}
        <span class="muted why" id="st-why">${[mine && !myPending ? ys.why.confirm : '', roles.includes('FinanceBureau') && !clearable ? `${t('st.clear')}：${ys.why.clear}` : '',
          roles.includes('FinanceBureau') && !(pr.cleared && !d.closed) && !d.closed ? `${t('st.close')}：${ys.why.close}` : ''].filter(Boolean).map(esc).join('；')}</span>
      </div>
      <div class="card"><h2>${t('ys.title')}</h2>${window.LIUYU_PARTS.stepperHtml(shared, ys.steps)}</div>
      <div class="grid2">
        <div class="card"><h2>${t('st.parties')}</h2><div class="scroll"><table id="party-totals"><thead><tr><th>${t('party')}</th><th class="num">${t('st.receivable')}</th><th class="num">${t('st.payable')}</th><th class="num">${t('st.net')}</th><th class="num" title="${esc(t('st.fundColumnHint'))}">${t('st.fundColumn')}</th></tr></thead><tbody>
          ${d.parties.map((x) => `<tr${x.party === mine ? ' style="font-weight:600"' : ''}><td>${esc(partyName(x.party))}</td><td class="num">${yuan(x.receivableFen)}</td><td class="num">${yuan(x.payableFen)}</td><td class="num ${x.netFen < 0 ? 'worse' : ''}">${yuan(x.netFen)}</td><td class="num" data-fund-of="${esc(x.party)}">${fundCell(x.party)}</td></tr>`).join('')}
        </tbody></table></div></div>
        <div class="card"><h2>${t('st.progress')} <span class="muted">${pr.confirmed.length} / ${pr.confirmed.length + pr.pending.length + pr.stale.length}</span></h2><div class="scroll"><table id="progress"><tbody>
          ${pr.stale.filter(relevant).map((c) => status(c, 'stale')).join('')}${pr.pending.filter(relevant).map((c) => status(c, 'wait')).join('')}${pr.confirmed.filter(relevant).map((c) => status(c, 'ok')).join('')}
        </tbody></table></div></div>
      </div>
      <div class="card"><h2>${t('st.pairs')}</h2><div class="scroll"><table><thead><tr><th>${t('river')}</th><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('st.gross')}</th><th class="num">${t('st.net')}</th></tr></thead><tbody>
        ${d.pairs.map((x) => `<tr><td>${esc(riverName(x.river))}</td><td>${esc(partyName(x.payer))}</td><td>${esc(partyName(x.payee))}</td><td class="num">${yuan(x.grossFen)}</td><td class="num">${yuan(x.netFen)}</td></tr>`).join('')}
      </tbody></table></div></div>
      ${d.fund.length ? `<div class="card"><h2>${t('st.fund')}</h2><table><thead><tr><th>${t('party')}</th><th>${t('river')}</th><th class="num">${t('st.months')}</th><th class="num">${t('lg.amount')}</th></tr></thead><tbody>
        ${d.fund.map((f) => `<tr><td>${esc(partyName(f.party))}</td><td>${esc(riverName(f.river))}</td><td class="num">${f.months}</td><td class="num">${yuan(f.amountFen)}</td></tr>`).join('')}</tbody></table></div>` : ''}
      ${paymentsCard(year, pay, d.closed, pr.cleared, d.fund)}`;
    // Choosing a payer and payee fills in what is still owed between them.
    const owedBetween = () => { const x = pay.dues.find((u) => u.payer === $('pay-payer').value && u.payee === $('pay-payee').value); if (x) $('pay-amount').value = (x.outstandingFen / 100).toFixed(2); };
    if ($('pay-form')) { $('pay-payer').onchange = owedBetween; $('pay-payee').onchange = owedBetween; }
    if ($('pay-form')) $('pay-form').onsubmit = run(async (ev) => {
      ev.preventDefault();
      await api(`/api/settlement/${year}/payments`, { method: 'POST', body: { payer: $('pay-payer').value, payee: $('pay-payee').value, amount: $('pay-amount').value, paidOn: $('pay-date').value } });
      notice(t('pay.recorded')); route();
    });
    $('st-year').onchange = () => { location.hash = `#/settlement?year=${$('st-year').value}`; };
    if ($('st-confirm')) $('st-confirm').onclick = run(async () => { await api(`/api/settlement/${year}/confirm`, { method: 'POST', body: { party: mine } }); notice(t('st.confirmedNotice', year)); route(); });
    if ($('st-confirm-city')) $('st-confirm-city').onclick = run(async () => {
      const cities = [...new Set([...pr.pending, ...pr.stale].map((c) => c.party).filter((p) => state.scheme.partyById[p]?.kind === 'Municipal'))];
      for (const c of cities) await api(`/api/settlement/${year}/confirm`, { method: 'POST', body: { party: c } });
      route();
    });
    if ($('st-clear')) $('st-clear').onclick = run(async () => { await api(`/api/settlement/${year}/clear`, { method: 'POST' }); notice(t('st.clearedNotice', year)); route(); });
    if ($('st-close')) $('st-close').onclick = run(async () => {
      if (!window.confirm(t('st.closeQuestion', year))) return;
      await api(`/api/settlement/${year}/close`, { method: 'POST' }); notice(t('st.closedNotice', year)); route();
    });
  }

  // 拨付 (R-SET-1) and R-PEN-1: per payer and payee what is owed, paid, overdue at the deadline and the penalty, as the
  // server's domain computes them; the payments made; the Finance Bureau's form while the year is open.
  function paymentsCard(year, pay, closed, cleared, fund = []) {
    const canRecord = state.me.roles.includes('FinanceBureau') && !closed;
    const parties = state.scheme.parties.map((p) => [p.id, p.name]);
    const deadline = pay.dues[0]?.deadline;
    // The form starts on the first amount still owed (payer, payee, what is left); without dues on a district paying the
    // treasury, never a party paying itself.
    const open = pay.dues.find((x) => x.outstandingFen > 0) ?? pay.dues[0];
    const city = state.scheme.parties.find((p) => p.kind === 'Municipal')?.id;
    const firstPayer = open?.payer ?? state.scheme.parties.find((p) => p.kind === 'District')?.id;
    const firstPayee = open?.payee ?? (firstPayer === city ? state.scheme.parties.find((p) => p.id !== city)?.id : city);
    return `<div class="card" id="payments"><h2>${t('pay.title')} ${deadline ? `<span class="muted">${t('pay.deadline', esc(deadline))}</span>` : ''}
        ${pay.tracked ? '' : `<span class="muted">${t('pay.notTracked')}</span>`}</h2>
      ${cleared ? '' : `<p class="muted" id="pay-uncleared">${t('pay.unclearedNote')}</p>`}
      <div class="scroll"><table id="dues"><thead><tr><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('st.owed')}</th><th class="num">${t('pay.byDeadline')}</th>
        <th class="num">${t('pay.inAll')}</th><th class="num">${t('pay.outstanding')}</th><th class="num">${t('st.overdue')}</th><th class="num">${t('st.penalty')}</th></tr></thead><tbody>
        ${pay.dues.length ? pay.dues.map((x) => `<tr${x.payer === state.me.party || x.payee === state.me.party ? ' style="font-weight:600"' : ''}><td>${esc(partyName(x.payer))}</td><td>${esc(partyName(x.payee))}</td>
          <td class="num">${yuan(x.owedFen)}</td><td class="num">${yuan(x.paidByDeadlineFen)}</td><td class="num">${yuan(x.paidInAllFen)}</td><td class="num">${yuan(x.outstandingFen)}</td>
          ${cleared ? `<td class="num ${x.overdueFen && x.deadlinePassed ? 'worse' : ''}">${x.overdueFen ? `${yuan(x.overdueFen)}${x.deadlinePassed ? '' : ` <span class="muted">${t('pay.notYetDue')}</span>`}` : '—'}</td>
          <td class="num">${x.penaltyFen && pay.tracked ? yuan(x.penaltyFen) : '—'}</td>`
          // R-PEN-1 sanctions what a cleared statement says is owed: before the clearance there is nothing overdue, only a deadline at risk.
          : `<td class="num" colspan="2" data-uncleared><span class="pill wait">${t('pay.uncleared')}</span>${x.atRisk && state.me.roles.includes('FinanceBureau')
            ? ` <span class="worse" data-at-risk>${t(x.deadlinePassed ? 'pay.atRiskPassed' : 'pay.atRisk', esc(x.deadline))}</span>` : ''}</td>`}</tr>`).join('') : `<tr><td colspan="8" class="muted">${t('none')}</td></tr>`}
        ${fund.map((f) => `<tr data-fund><td>${esc(partyName(f.party))}</td><td>${esc(partyName(state.scheme.parties.find((p) => p.kind === 'Municipal')?.id))}</td>
          <td class="num">${yuan(f.amountFen)}</td><td colspan="5" class="muted">${esc(t('pay.fundRow', riverName(f.river), f.months))}</td></tr>`).join('')}
      </tbody></table></div>
      <h2>${t('pay.made')}</h2><div class="scroll"><table id="payments-made"><thead><tr><th>${t('pay.paidOn')}</th><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('lg.amount')}</th></tr></thead><tbody>
        ${pay.payments.length ? pay.payments.map((p) => `<tr><td>${esc(p.paidOn)}</td><td>${esc(partyName(p.payer))}</td><td>${esc(partyName(p.payee))}</td><td class="num">${yuan(p.amountFen)}</td></tr>`).join('')
          : `<tr><td colspan="4" class="muted">${t('pay.none')}</td></tr>`}
      </tbody></table></div>
      ${canRecord ? `<form id="pay-form" class="filters">
        ${select('pay-payer', t('lg.payer'), parties, firstPayer)}${select('pay-payee', t('lg.payee'), parties, firstPayee)}
        <label>${t('pay.amount')}<input id="pay-amount" inputmode="decimal" required placeholder="1234.50" value="${open?.outstandingFen ? (open.outstandingFen / 100).toFixed(2) : ''}"></label>
        <label>${t('pay.paidOn')}<input id="pay-date" type="date" required min="${Number(year) + 1}-01-01" max="${new Date().toISOString().slice(0, 10)}" value="${new Date().toISOString().slice(0, 10) >= `${Number(year) + 1}-01-01` ? new Date().toISOString().slice(0, 10) : ''}"></label>
        <button type="submit">${t('pay.record')}</button></form>` : ''}</div>`;
  }

  // ------------------------------------------------------------------ 免责 exemptions
  async function exemptions(token) {
    const list = await api('/api/exemptions');
    const roles = state.me.roles;
    const bureau = roles.includes('FinanceBureau') ? 'FinanceBureau' : roles.includes('EcologyBureau') ? 'EcologyBureau' : null;
    const mySections = state.me.party ? (await Promise.all(state.scheme.rivers.filter((r) => r.parties.includes(state.me.party))
      .map((r) => api(`/api/rivers/${encodeURIComponent(r.id)}/${latestYear()}`)))).flatMap((r) => r.sections.filter((s) => s.upstream === state.me.party)) : [];
    // Documents: the bureaus and the auditor read all; a district its own and approved ones (the server checks again).
    const readsDocs = (e) => bureau || roles.includes('Auditor') || (state.me.party && (e.upstream === state.me.party || e.approved));
    const docs = await Promise.all(list.map((e) => readsDocs(e) ? api(`/api/exemptions/${encodeURIComponent(e.section)}/${encodeURIComponent(e.month)}/attachments`).catch(() => []) : []));
    fresh(token);
    const status = (e) => e.status === 'Rejected'
      ? `<span class="pill stale">${t('em.rejected')}</span> <span class="muted">${t('em.by', t('role.' + e.rejectedBy))}</span><div class="worse" data-rejection>${esc(e.rejectionReason)}</div>`
      : e.status === 'Approved' ? `<span class="pill ok">${t('em.approved')}</span>`
      : `<span class="pill wait">${t('em.pending')}</span> <span class="muted">${t('em.finance')} ${e.financeApproved ? '✓' : '…'} · ${t('em.ecology')} ${e.ecologyApproved ? '✓' : '…'}</span>`;
    const mine = (e) => state.me.party && e.upstream === state.me.party && e.status === 'Pending';
    $('page').innerHTML = `
      <h1>${t('em.title')}</h1>
      ${mySections.length ? `<div class="card"><h2>${t('em.apply')}</h2><form id="em-form" class="filters">
        ${select('em-section', t('ex.section'), mySections.map((s) => [s.id, s.name]), '')}
        <label>${t('month')}<input id="em-month" type="month" required max="${new Date().toISOString().slice(0, 7)}"></label>
        <label style="flex:1">${t('em.reason')}<input id="em-reason" required></label>
        <label>${t('em.file')}<input id="em-file" type="file" accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"></label>
        <button type="submit">${t('em.submit')}</button></form><p class="muted">${t('em.fileHint')}</p></div>` : ''}
      <div class="card scroll"><table id="exemptions"><thead><tr><th>${t('ex.section')}</th><th>${t('month')}</th><th>${t('ex.upstream')}</th><th>${t('em.reason')}</th><th>${t('em.status')}</th><th>${t('em.docs')}</th><th></th></tr></thead><tbody>
        ${list.length ? list.map((e, i) => `<tr data-exemption="${esc(e.section)}|${esc(e.month)}"><td><a href="#/section/${encodeURIComponent(e.section)}">${esc(e.sectionName ?? e.section)}</a><br><span class="muted">${esc(e.section)}</span></td><td>${esc(e.month)}</td><td>${esc(partyName(e.upstream))}</td><td>${esc(e.reason)}</td>
          <td>${status(e)}</td>
          <td>${docs[i].map((a) => `<a href="${esc(a.url)}" download="${esc(a.fileName)}" title="SHA-256 ${esc(a.sha256)}">${esc(a.fileName)}</a> <span class="muted">${Math.max(1, Math.round(a.sizeBytes / 1024))} KB</span>`).join('<br>')}
            ${mine(e) ? `<label class="link">${t('em.addFile')}<input type="file" class="hidden" data-attach="${esc(e.section)}|${esc(e.month)}" accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"></label>` : ''}</td>
          <td>${bureau && e.status === 'Pending' && !(bureau === 'FinanceBureau' ? e.financeApproved : e.ecologyApproved) ? `<button type="button" class="secondary" data-approve="${esc(e.section)}|${esc(e.month)}">${t('em.approve')}</button>` : ''}
              ${bureau && e.status === 'Pending' ? `<button type="button" class="secondary" data-reject="${esc(e.section)}|${esc(e.month)}">${t('em.reject')}</button>` : ''}
              <button type="button" class="link" data-explain="${esc(e.section)}|${esc(e.month)}">${t('ex.title')}</button></td></tr>`).join('')
          : `<tr><td colspan="7" class="muted">${t('em.none')}</td></tr>`}
      </tbody></table></div>`;
    const upload = async (section, month, file) => {
      const form = new FormData(); form.append('file', file);
      await api(`/api/exemptions/${encodeURIComponent(section)}/${encodeURIComponent(month)}/attachments`, { method: 'POST', body: form });
    };
    if ($('em-form')) $('em-form').onsubmit = run(async (ev) => {
      ev.preventDefault();
      const e = await api('/api/exemptions', { method: 'POST', body: { section: $('em-section').value, month: $('em-month').value, reason: $('em-reason').value } });
      // The application exists now; a refused document leaves it in place and says why.
      const file = $('em-file').files[0];
      route();
      if (!file) return;
      // Said plainly: a user who read only the refusal applied again and was told the month was already applied for.
      try { await upload(e.section, e.month, file); } catch (err) { showError(t('em.uploadFailed', err.message)); return; }
      notice(t('em.uploaded', file.name)); route();
    });
    document.querySelectorAll('[data-attach]').forEach((input) => { input.onchange = run(async () => {
      const [s, m] = input.dataset.attach.split('|');
      if (!input.files[0]) return;
      await upload(s, m, input.files[0]); notice(t('em.uploaded', input.files[0].name)); route();
    }); });
    document.querySelectorAll('[data-approve]').forEach((b) => { b.onclick = run(async () => {
      const [s, m] = b.dataset.approve.split('|');
      await api(`/api/exemptions/${encodeURIComponent(s)}/${encodeURIComponent(m)}/approve`, { method: 'POST' });
      route();
    }); });
    document.querySelectorAll('[data-reject]').forEach((b) => { b.onclick = run(async () => {
      const [s, m] = b.dataset.reject.split('|');
      const reason = window.prompt(t('em.rejectQuestion', s, m));
      if (reason === null) return;
      await api(`/api/exemptions/${encodeURIComponent(s)}/${encodeURIComponent(m)}/reject`, { method: 'POST', body: { reason } });
      notice(t('em.rejectedNotice', s, m)); route();
    }); });
    document.querySelectorAll('[data-explain]').forEach((b) => { b.onclick = () => { const [s, m] = b.dataset.explain.split('|'); explain(s, m); }; });
  }

  // What a page in its own file (pages/*.js) may use.
  const shared = { state, $, t, esc, say, sayHtml, api, upload, reloadScheme, run, route, fresh, notice, showError, cls, yuan, wan, partyName, riverName, compare, years, latestYear, explain, CLASS_COLOURS, CLASS_NAMES, chart };

  applyLanguage();
  start();
})();
