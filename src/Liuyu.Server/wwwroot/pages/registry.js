// 名录 Registry: the store's sections with their targets per year and aliases, and the shipped Chongqing reference
// registry with each fact's evidence, confidence and sources (GET /api/registry). Targets are entered through 数据导入
// (targets.csv, or a year table's target column with 同时导入考核目标).
Object.assign(window.LIUYU_TEXT.zh, {
  'nav.registry': '名录',
  'rg.title': '断面名录', 'rg.sections': '已登记断面与考核目标', 'rg.id': '编码', 'rg.name': '名称', 'rg.river': '河流', 'rg.kind': '类型', 'rg.km': '里程（km）',
  'rg.parties': '上游 → 下游', 'rg.approved': '认可', 'rg.targets': '考核目标', 'rg.none': '暂无', 'rg.yes': '是', 'rg.no': '否',
  'rg.aliases': '断面别名（公报名称 → 断面）', 'rg.alias': '公报名称', 'rg.section': '断面',
  'rg.reference': '重庆参考名录（随软件提供，公开来源）', 'rg.membership': '纳入情况', 'rg.evidence': '依据', 'rg.corrections': '更正（可信度；来源）',
  'rg.refSections': '公开报道中的断面', 'rg.status': '状态', 'rg.confidence': '可信度', 'rg.sources': '来源', 'rg.candidates': '候选河流（缺失的 4 条河流，未导入）', 'rg.sourceList': '来源清单',
  'rg.noteEn': '原始注记（英文）', 'rg.m.confirmed': '已确认', 'rg.m.probable': '可能', 'rg.m.candidate': '候选', 'rg.c.high': '高', 'rg.c.medium': '中', 'rg.c.low': '低',
  'rg.k.National': '国控', 'rg.k.Municipal': '市控', 'rg.k.None': '非考核',
  'rg.enterTargets': '新年度的考核目标可在“数据导入”中以 targets.csv 或年度表（勾选“同时导入考核目标”）录入。',
});
Object.assign(window.LIUYU_TEXT.en, {
  'nav.registry': 'Registry',
  'rg.title': 'Registry of sections', 'rg.sections': 'Registered sections and targets', 'rg.id': 'Id', 'rg.name': 'Name', 'rg.river': 'River', 'rg.kind': 'Kind', 'rg.km': 'km',
  'rg.parties': 'Upstream → downstream', 'rg.approved': 'Approved', 'rg.targets': 'Targets', 'rg.none': 'none', 'rg.yes': 'yes', 'rg.no': 'no',
  'rg.aliases': 'Section aliases (published name → section)', 'rg.alias': 'Published name', 'rg.section': 'Section',
  'rg.reference': 'Chongqing reference registry (shipped, public sources)', 'rg.membership': 'Membership', 'rg.evidence': 'Evidence', 'rg.corrections': 'Corrections (confidence; sources)',
  'rg.refSections': 'Sections named in public reporting', 'rg.status': 'Status', 'rg.confidence': 'Confidence', 'rg.sources': 'Sources', 'rg.candidates': 'Candidate rivers (for the four missing ones, never imported)', 'rg.sourceList': 'Sources',
  'rg.noteEn': 'research note', 'rg.m.confirmed': 'confirmed', 'rg.m.probable': 'probable', 'rg.m.candidate': 'candidate', 'rg.c.high': 'high', 'rg.c.medium': 'medium', 'rg.c.low': 'low',
  'rg.k.National': 'national', 'rg.k.Municipal': 'municipal', 'rg.k.None': 'not assessed',
  'rg.enterTargets': 'A new year\'s targets are entered on the import page: targets.csv, or a year table with \'also import the target column\'.',
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
  const chain = (r) => [r.inflowProvince ? partyName(r.inflowProvince) : null, ...r.chain.map(partyName)].filter(Boolean).map(esc).join(' → ') || '—';
  $('page').innerHTML = `
    <h1>${t('rg.title')}</h1>
    ${d.warnings.length ? `<div class="error" id="rg-warnings">${d.warnings.map((w) => `<p>${sayHtml(w.code, w.args, w.code)}</p>`).join('')}</div>` : ''}
    <div class="card"><h2>${t('rg.sections')}</h2><p class="muted">${t('rg.enterTargets')}</p><div class="scroll"><table id="rg-sections"><thead><tr>
      <th>${t('rg.id')}</th><th>${t('rg.name')}</th><th>${t('rg.river')}</th><th>${t('rg.kind')}</th><th class="num">${t('rg.km')}</th><th>${t('rg.parties')}</th><th>${t('rg.approved')}</th><th>${t('rg.targets')}</th></tr></thead><tbody>
      ${d.sections.map((s) => `<tr data-section="${esc(s.id)}"><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td>${esc(riverName(s.river))}</td><td>${esc(t('rg.k.' + s.kind))}</td><td class="num">${s.distanceKm}</td>
        <td>${esc(partyName(s.upstream))} → ${esc(partyName(s.downstream))}</td><td>${s.approved ? t('rg.yes') : t('rg.no')}</td>
        <td>${s.targets.length ? s.targets.map((x) => `${x.year}：${esc(x.class)}`).join('，') : `<span class="muted">${t('rg.none')}</span>`}</td></tr>`).join('')}
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
};
