// 名录 Registry: the store's sections with their targets per year and aliases, and the shipped Chongqing reference
// registry with each fact's evidence, confidence and sources (GET /api/registry). Targets are entered through 数据导入
// (targets.csv, or a year table's target column with 同时导入考核目标), or on this page: 年度考核目标, a year's targets
// with last year's as the draft (GET/PUT /api/registry/targets/{year}), saved by the Ecology Bureau.
Object.assign(window.LIUYU_TEXT.zh, {
  'nav.registry': '名录',
  'rg.title': '断面名录', 'rg.sections': '已登记断面与考核目标', 'rg.id': '编码', 'rg.name': '名称', 'rg.river': '河流', 'rg.kind': '类型', 'rg.km': '里程（km）',
  'rg.parties': '上游 → 下游', 'rg.approved': '认可', 'rg.targets': '考核目标', 'rg.none': '暂无', 'rg.yes': '是', 'rg.no': '否',
  'rg.aliases': '断面别名（公报名称 → 断面）', 'rg.alias': '公报名称', 'rg.section': '断面',
  'rg.stations': '自动监测站（HJ 212）', 'rg.mn': '设备唯一标识（MN）', 'rg.codes': '上传因子', 'rg.allCodes': '全部可识别因子', 'rg.noStations': '尚未登记自动站（导入 stations.csv）',
  'rg.reference': '重庆参考名录（随软件提供，公开来源）', 'rg.membership': '纳入情况', 'rg.evidence': '依据', 'rg.corrections': '更正（可信度；来源）',
  'rg.refSections': '公开报道中的断面', 'rg.status': '状态', 'rg.confidence': '可信度', 'rg.sources': '来源', 'rg.candidates': '候选河流（缺失的 4 条河流，未导入）', 'rg.sourceList': '来源清单',
  'rg.noteEn': '原始注记（英文）', 'rg.m.confirmed': '已确认', 'rg.m.probable': '可能', 'rg.m.candidate': '候选', 'rg.c.high': '高', 'rg.c.medium': '中', 'rg.c.low': '低',
  'rg.k.National': '国控', 'rg.k.Municipal': '市控', 'rg.k.None': '非考核',
  'rg.enterTargets': '新年度的考核目标可在下方“年度考核目标”中录入，或在“数据导入”中以 targets.csv 或年度表（勾选“同时导入考核目标”）导入。',
  'rg.yt.title': '年度考核目标', 'rg.yt.year': '年度', 'rg.yt.show': '查看', 'rg.yt.class': '目标类别', 'rg.yt.unset': '—（未设）', 'rg.yt.save': '保存考核目标',
  'rg.yt.draft': '草稿：沿用 {0} 年', 'rg.yt.set': '已录入', 'rg.yt.hint': '未录入的断面以上一年度的目标作为草稿；保存后草稿即成为本年度目标，已有核算的年度随之重新核算。',
  'rg.yt.readOnly': '考核目标由生态环境局录入，此处仅供查看。', 'rg.yt.nothing': '请至少为一个断面选择目标类别。',
  'rg.yt.saved': '已保存 {0} 年考核目标：新增 {1} 项，修改 {2} 项；重新核算后台账变动 {3} 行。', 'rg.yt.refused': '未保存，请更正：',
});
Object.assign(window.LIUYU_TEXT.en, {
  'nav.registry': 'Registry',
  'rg.title': 'Registry of sections', 'rg.sections': 'Registered sections and targets', 'rg.id': 'Id', 'rg.name': 'Name', 'rg.river': 'River', 'rg.kind': 'Kind', 'rg.km': 'km',
  'rg.parties': 'Upstream → downstream', 'rg.approved': 'Approved', 'rg.targets': 'Targets', 'rg.none': 'none', 'rg.yes': 'yes', 'rg.no': 'no',
  'rg.aliases': 'Section aliases (published name → section)', 'rg.alias': 'Published name', 'rg.section': 'Section',
  'rg.stations': 'Automatic stations (HJ 212)', 'rg.mn': 'MN', 'rg.codes': 'Codes sent', 'rg.allCodes': 'every code it knows', 'rg.noStations': 'No station registered yet (import stations.csv)',
  'rg.reference': 'Chongqing reference registry (shipped, public sources)', 'rg.membership': 'Membership', 'rg.evidence': 'Evidence', 'rg.corrections': 'Corrections (confidence; sources)',
  'rg.refSections': 'Sections named in public reporting', 'rg.status': 'Status', 'rg.confidence': 'Confidence', 'rg.sources': 'Sources', 'rg.candidates': 'Candidate rivers (for the four missing ones, never imported)', 'rg.sourceList': 'Sources',
  'rg.noteEn': 'research note', 'rg.m.confirmed': 'confirmed', 'rg.m.probable': 'probable', 'rg.m.candidate': 'candidate', 'rg.c.high': 'high', 'rg.c.medium': 'medium', 'rg.c.low': 'low',
  'rg.k.National': 'national', 'rg.k.Municipal': 'municipal', 'rg.k.None': 'not assessed',
  'rg.enterTargets': 'A new year\'s targets are entered below (annual targets), or on the import page: targets.csv, or a year table with \'also import the target column\'.',
  'rg.yt.title': 'Annual targets', 'rg.yt.year': 'Year', 'rg.yt.show': 'Show', 'rg.yt.class': 'Target class', 'rg.yt.unset': '— (not set)', 'rg.yt.save': 'Save targets',
  'rg.yt.draft': 'draft: as in {0}', 'rg.yt.set': 'entered', 'rg.yt.hint': 'A section without a target for the year shows last year\'s as a draft; saving makes the drafts this year\'s targets and accounts the ledger\'s years again.',
  'rg.yt.readOnly': 'Targets are entered by the Ecology Bureau; read only here.', 'rg.yt.nothing': 'Choose a target class for at least one section.',
  'rg.yt.saved': 'Saved the targets of {0}: {1} new, {2} changed; {3} ledger line(s) changed by the accounting after it.', 'rg.yt.refused': 'Not saved; correct:',
});

window.LIUYU_PAGES = window.LIUYU_PAGES || {};
window.LIUYU_PAGES.registry = async (L, token) => {
  const { $, t, esc, sayHtml, api, fresh, partyName, riverName } = L;
  const d = await api('/api/registry');
  fresh(token);
  const conf = (c) => (c ? t('rg.c.' + c) : '—');
  // The shipped reference registry's research notes are written in English (its sources, evidence and statuses come
  // from public pages, ../shared/data/chongqing). A Chinese reader sees them folded under a label that says so, and
  // opens them on demand; an English reader sees them as they are. Chinese text is shown as it is.
  const english = /[A-Za-z]{2,}[ ,:;]+[a-z]{2,}/;
  const note = (text) => (!text ? '—' : document.documentElement.lang === 'en' || !english.test(text)
    ? esc(text) : `<details class="note-en"><summary>${t('rg.noteEn')}</summary>${esc(text)}</details>`);
  const status = (x) => { const k = 'rg.m.' + x; const w = t(k); return w === k ? note(x) : w; };
  const facts = (fs) => fs.map((f) => `<div>${note(f.evidence)} <span class="muted">（${conf(f.confidence)}；${esc(f.sources.join('、') || '—')}）</span></div>`).join('');
  const sectionName = (id) => d.sections.find((x) => x.id === id)?.name ?? id;
  const chain = (r) => [r.inflowProvince ? partyName(r.inflowProvince) : null, ...r.chain.map(partyName)].filter(Boolean).map(esc).join(' → ') || '—';
  $('page').innerHTML = `
    <div class="row"><h1>${t('rg.title')}</h1><a href="#/stations" id="rg-stations">${t('sn.link')}</a></div>
    ${d.warnings.length ? `<div class="error" id="rg-warnings">${d.warnings.map((w) => `<p>${sayHtml(w.code, w.args, w.code)}</p>`).join('')}</div>` : ''}
    <div class="card"><h2>${t('rg.sections')}</h2><p class="muted">${t('rg.enterTargets')}</p><div class="scroll"><table id="rg-sections"><thead><tr>
      <th>${t('rg.id')}</th><th>${t('rg.name')}</th><th>${t('rg.river')}</th><th>${t('rg.kind')}</th><th class="num">${t('rg.km')}</th><th>${t('rg.parties')}</th><th>${t('rg.approved')}</th><th>${t('rg.targets')}</th></tr></thead><tbody>
      ${d.sections.map((s) => `<tr data-section="${esc(s.id)}"><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td>${esc(riverName(s.river))}</td><td>${esc(t('rg.k.' + s.kind))}</td><td class="num">${s.distanceKm}</td>
        <td>${esc(partyName(s.upstream))} → ${esc(partyName(s.downstream))}</td><td>${s.approved ? t('rg.yes') : t('rg.no')}</td>
        <td>${s.targets.length ? s.targets.map((x) => `${x.year}：${esc(x.class)}`).join('，') : `<span class="muted">${t('rg.none')}</span>`}</td></tr>`).join('')}
    </tbody></table></div></div>
    <div class="card" id="rg-year-targets"><h2>${t('rg.yt.title')}</h2>
      <form id="rg-yt-form" class="filters"><label>${t('rg.yt.year')}<input id="rg-year" type="number" min="2000" max="2100" step="1" required></label><button type="submit">${t('rg.yt.show')}</button></form>
      <p class="muted">${t('rg.yt.hint')}</p><div id="rg-yt-table"></div><div id="rg-yt-result"></div></div>
    <div class="card" id="rg-stations-card"><div class="row"><h2>${t('rg.stations')}</h2><a href="#/stations">${t('sn.link')}</a></div><div class="scroll"><table id="rg-station-list"><thead><tr>
      <th>${t('rg.mn')}</th><th>${t('rg.name')}</th><th>${t('rg.section')}</th><th>${t('rg.codes')}</th></tr></thead><tbody>
      ${d.stations.length ? d.stations.map((x) => `<tr data-mn="${esc(x.mn)}"><td>${esc(x.mn)}</td><td>${esc(x.name)}</td><td><a href="#/section/${encodeURIComponent(x.section)}">${esc(sectionName(x.section))}</a></td><td>${esc(x.indicators) || `<span class="muted">${t('rg.allCodes')}</span>`}</td></tr>`).join('')
        : `<tr><td colspan="4" class="muted">${t('rg.noStations')}</td></tr>`}
    </tbody></table></div></div>
    <div class="card"><h2>${t('rg.aliases')}</h2><table id="rg-aliases"><thead><tr><th>${t('rg.alias')}</th><th>${t('rg.section')}</th></tr></thead><tbody>
      ${d.aliases.length ? d.aliases.map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.section)}</td></tr>`).join('') : `<tr><td colspan="2" class="muted">${t('rg.none')}</td></tr>`}
    </tbody></table></div>
    <div class="card"><h2>${t('rg.reference')}</h2><div class="scroll"><table id="rg-rivers"><thead><tr><th>${t('rg.river')}</th><th>${t('rg.parties')}</th><th>${t('rg.membership')}</th><th>${t('rg.evidence')}</th><th>${t('rg.corrections')}</th></tr></thead><tbody>
      ${d.referenceRivers.map((r) => `<tr data-river="${esc(r.id)}"><td>${esc(r.name)}</td><td>${chain(r)}</td><td>${status(r.membership)}</td><td>${note(r.evidence)}</td><td>${facts(r.corrections)}</td></tr>`).join('')}
    </tbody></table></div>
    <h2>${t('rg.refSections')}</h2><div class="scroll"><table id="rg-ref-sections"><thead><tr><th>${t('rg.river')}</th><th>${t('rg.name')}</th><th>${t('rg.parties')}</th><th>${t('rg.status')}</th><th>${t('rg.confidence')}</th><th>${t('rg.sources')}</th><th>${t('rg.evidence')}</th></tr></thead><tbody>
      ${d.referenceSections.map((s) => `<tr><td>${esc(s.river)}</td><td>${esc(s.name)}</td><td>${esc(partyName(s.upstream))} → ${esc(partyName(s.downstream))}</td><td>${status(s.status)}</td><td>${conf(s.confidence)}</td><td>${esc(s.sources.join('、') || '—')}</td><td>${note(s.evidence)}</td></tr>`).join('')}
    </tbody></table></div>
    <h2>${t('rg.candidates')}</h2><table id="rg-candidates"><tbody>
      ${d.candidates.map((r) => `<tr><td>${esc(r.name)}</td><td>${chain(r)}</td><td>${facts(r.corrections)}</td></tr>`).join('')}
    </tbody></table>
    <h2>${t('rg.sourceList')}</h2><table id="rg-sources"><tbody>
      ${d.sources.map((s) => `<tr><td>${esc(s.id)}</td><td>${note(s.title)}</td><td>${note(s.url)}</td></tr>`).join('')}
    </tbody></table></div>`;
  yearTargets(L, token, d);
};

// 年度考核目标: one row per assessment section with a select of Ⅰ…劣Ⅴ; a class not entered for the year shows last
// year's as a draft. The Ecology Bureau saves (PUT, all or nothing); every other role reads.
function yearTargets(L, token, registry) {
  const { $, t, esc, say, api, riverName, state, CLASS_NAMES } = L;
  const CODES = ['I', 'II', 'III', 'IV', 'V', '劣V'];
  const mayEnter = state.me.roles.includes('EcologyBureau');
  const years = registry.sections.flatMap((s) => s.targets.map((x) => x.year));
  const year = years.length ? Math.max(...years) + 1 : new Date().getFullYear();
  $('rg-year').value = year;
  let shown = null;
  const result = (html, error) => { $('rg-yt-result').className = !html ? '' : error ? 'error' : 'notice'; $('rg-yt-result').innerHTML = html; };
  async function draw(y) {
    const d = await api(`/api/registry/targets/${encodeURIComponent(y)}`);
    if (token !== state.route) return;
    shown = d;
    const option = (code, value) => `<option value="${code}"${code === value ? ' selected' : ''}>${CLASS_NAMES[CODES.indexOf(code) + 1]}</option>`;
    $('rg-yt-table').innerHTML = `<div class="scroll"><table id="rg-targets" data-year="${d.year}"><thead><tr><th>${t('rg.id')}</th><th>${t('rg.name')}</th><th>${t('rg.river')}</th><th>${t('rg.kind')}</th>
      <th>${t('rg.yt.class')}</th><th></th></tr></thead><tbody>
      ${d.sections.map((s) => `<tr data-section="${esc(s.id)}"${s.draft ? ' class="draft"' : ''}><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td>${esc(riverName(s.river))}</td><td>${esc(t('rg.k.' + s.kind))}</td>
        <td><select data-target="${esc(s.id)}" aria-label="${esc(s.name)}"${mayEnter ? '' : ' disabled'}><option value="">${t('rg.yt.unset')}</option>${CODES.map((c) => option(c, s.class)).join('')}</select></td>
        <td class="muted">${s.draft ? esc(t('rg.yt.draft', d.year - 1)) : s.class ? t('rg.yt.set') : ''}</td></tr>`).join('')}
      </tbody></table></div>
      ${mayEnter ? `<button type="button" id="rg-yt-save">${t('rg.yt.save')}</button>` : `<p class="muted">${t('rg.yt.readOnly')}</p>`}`;
    if (mayEnter) $('rg-yt-save').onclick = save;
  }
  async function save() {
    const rows = [...document.querySelectorAll('#rg-targets select[data-target]')].filter((s) => s.value).map((s) => ({ section: s.dataset.target, class: s.value }));
    if (!rows.length) { result(esc(t('rg.yt.nothing')), true); return; }
    const y = shown.year;
    try {
      const r = await api(`/api/registry/targets/${y}`, { method: 'PUT', body: { targets: rows } });
      await draw(y);
      result(esc(t('rg.yt.saved', r.year, r.inserted, r.updated, r.ledgerLinesChanged)), false);
    } catch (e) {
      // A refusal names the request field (targets[i].class): said after the section of that row.
      const codes = e.problem?.codes;
      if (!codes) { result(e.html || esc(e.message), true); return; }
      const name = (field) => {
        const m = /^targets\[(\d+)\]/.exec(field);
        const id = m ? rows[Number(m[1])]?.section : null;
        return id ? (shown.sections.find((s) => s.id === id)?.name ?? id) : t('field.' + field);
      };
      result(`${esc(t('rg.yt.refused'))}<ul>${Object.entries(codes).flatMap(([field, list]) => list.map((c) => `<li>${esc(name(field))}：${esc(say(c.code, c.args) ?? c.code)}</li>`)).join('')}</ul>`, true);
    }
  }
  $('rg-yt-form').onsubmit = async (ev) => {
    ev.preventDefault();
    result('', false);
    try { await draw($('rg-year').value); } catch (e) { result(e.html || esc(e.message), true); }
  };
  draw(year).catch((e) => result(e.html || esc(e.message), true));
}
