// 数据导入 Import: CSV or XLSX uploads with a row-level report (POST /api/imports), and the import history (GET).
Object.assign(window.LIUYU_TEXT.zh, {
  'nav.import': '数据导入',
  'im.title': '数据导入', 'im.kind': '导入类型', 'im.file': '文件', 'im.month': '通报月份（表中无月份列时）',
  'im.kind.scenario': '情景数据表（results.csv、targets.csv、payments.csv…或一个工作簿）', 'im.kind.bulletin': '水质月报（通报表）', 'im.kind.samples': '监测样品（samples）',
  'im.hint.scenario': 'CSV 文件以表名命名（如 results.csv、targets.csv），或一个 .xlsx 工作簿，每个表一个工作表。',
  'im.hint.bulletin': '一个通报表或年度表（.xlsx、.xls 或 .csv），按发布原样：断面名称、河流名称（可为合并单元格）、水质类别（监测结果、本月水质…），或 1月…12月 各列；“/”“断流”等为无有效结果；不在补偿断面名录中的断面跳过并列出。',
  'im.hint.samples': '一个 samples.csv 或 .xlsx：断面、采样时间、指标、浓度。可另附断面属性文件（sections.csv：编码、水体 river/lake、总氮 tn），湖库断面按湖库限值评价总磷。',
  'im.sections': '断面属性文件（可选）',
  'im.check': '校验', 'im.import': '导入', 'im.choose': '请选择文件。', 'im.tooLarge': '文件合计超过 50 MB，请拆分后分别导入。',
  'im.ok.dry': '校验通过：全部 {0} 行可以导入（未写入任何数据）。', 'im.ok.done': '已导入（批次 {0}）。', 'im.rejected': '导入被拒绝，未写入任何数据。', 'im.rejectedCount': '{0} 行被拒绝（共 {1} 处错误）。请更正后重新上传。',
  'im.demo': '本库为示例数据，导入的数据同样视为示例。',
  'im.files': '文件', 'im.table': '表', 'im.rows': '读取行数', 'im.accepted': '通过', 'im.rejectedRows': '拒绝',
  'im.errors': '被拒绝的行', 'im.row': '行', 'im.column': '列', 'im.message': '说明',
  'im.report': '写入', 'im.inserted': '新增', 'im.updated': '更新', 'im.warnings': '提示',
  'im.ledger': '台账变化', 'im.runs': '重新核算 {0}：记账 {1} 行，冲销 {2} 行，调整 {3} 行。', 'im.noChange': '台账没有变化。',
  'im.ledger.dry': '导入后台账将变化', 'im.runs.dry': '将重新核算 {0}：记账 {1} 行，冲销 {2} 行，调整 {3} 行（预演，未写入）。', 'im.noChange.dry': '导入后台账不会变化。', 'im.after.dry': '导入后金额（元）',
  'im.lines': '变化的台账行（共 {0} 行）', 'im.before': '原金额（元）', 'im.after': '现金额（元）', 'im.net': '各主体净额变化（收入为正）', 'im.change': '变化（元）',
  'im.t.agreements': '协议', 'im.t.quantity_targets': '生态基流', 'im.t.flows': '月最小日均流量', 'im.t.exemptions': '免责', 'im.t.joint_activities': '联防共治记录', 'im.t.parties': '主体', 'im.t.payments': '拨付', 'im.t.policy': '政策参数',
  'im.t.results': '水质结果', 'im.t.rivers': '河流', 'im.t.sections': '断面', 'im.t.signatures': '签署', 'im.t.substitutes': '替代补偿', 'im.t.targets': '考核目标',
  'im.added': '{0} 新增 {1}', 'im.changed': '{0} 更新 {1}', 'im.same': '{0} 未变 {1}',
  'im.t.samples': '监测样品', 'im.t.computed_results': '计算类别', 'im.t.stations': '自动监测站',
  'im.uploading': '正在上传 {0} / {1} MB…', 'im.checking': '已上传 {0} MB，服务器正在校验（预演导入与核算）…', 'im.importing': '已上传 {0} MB，服务器正在导入并重新核算…',
  'im.history': '导入记录', 'im.at': '时间', 'im.by': '导入人', 'im.source': '来源', 'im.summary': '摘要', 'im.noHistory': '暂无导入记录。',
  'im.year': '年份（年度表，标题未写明时）', 'im.targets': '同时导入考核目标列', 'im.skippedRows': '跳过',
  'im.readings': '读取说明（各写法如何读取）', 'im.skipped': '跳过的行（不在补偿断面名录中，{0} 行）', 'im.notMentioned': '本文件中没有结果的补偿断面（{0} 个）',
  'im.targetsMissing': '缺少考核目标',
});
Object.assign(window.LIUYU_TEXT.en, {
  'nav.import': 'Import',
  'im.title': 'Import data', 'im.kind': 'Kind', 'im.file': 'File', 'im.month': 'Bulletin month (when the sheet has no month column)',
  'im.kind.scenario': 'Scenario tables (results.csv, targets.csv, payments.csv… or one workbook)', 'im.kind.bulletin': 'Monthly water-quality bulletin', 'im.kind.samples': 'Measured samples',
  'im.hint.scenario': 'CSV files named after their table (results.csv, targets.csv, …), or one .xlsx workbook with a sheet per table.',
  'im.hint.bulletin': 'One bulletin or year table (.xlsx, .xls or .csv) as published: section name, river (merged cells allowed), class (监测结果, 本月水质 …) or the columns 1月 … 12月; / and 断流 are no valid result; sections not in the list of compensation sections are skipped and listed.',
  'im.hint.samples': 'One samples.csv or .xlsx: section, sampled at, indicator, value. Optionally a sections profile file (sections.csv: id, water_body river/lake, tn); lake sections are evaluated with the lake limits for TP.',
  'im.sections': 'Sections profile file (optional)',
  'im.check': 'Check', 'im.import': 'Import', 'im.choose': 'Choose a file.', 'im.tooLarge': 'The files add up to more than 50 MB; split them and import them one by one.',
  'im.ok.dry': 'Check passed: all {0} rows can be imported (nothing was written).', 'im.ok.done': 'Imported (batch {0}).', 'im.rejected': 'The upload is rejected; nothing was written.', 'im.rejectedCount': '{0} row(s) rejected ({1} errors). Correct them and upload the file again.',
  'im.demo': 'This store holds the demo dataset; what is imported counts as demo data too.',
  'im.files': 'Files', 'im.table': 'Table', 'im.rows': 'Rows read', 'im.accepted': 'Accepted', 'im.rejectedRows': 'Rejected',
  'im.errors': 'Rejected rows', 'im.row': 'Row', 'im.column': 'Column', 'im.message': 'Message',
  'im.report': 'Written', 'im.inserted': 'Inserted', 'im.updated': 'Updated', 'im.warnings': 'Warnings',
  'im.ledger': 'Ledger changes', 'im.runs': 'Accounted {0} again: {1} lines posted, {2} reversed, {3} adjustments.', 'im.noChange': 'The ledger did not change.',
  'im.ledger.dry': 'The ledger would change', 'im.runs.dry': 'Would account {0} again: {1} lines posted, {2} reversed, {3} adjustments (rehearsed, nothing written).', 'im.noChange.dry': 'The ledger would not change.', 'im.after.dry': 'After import (yuan)',
  'im.lines': 'Changed ledger lines ({0})', 'im.before': 'Before (yuan)', 'im.after': 'After (yuan)', 'im.net': 'Net change per party (receiving positive)', 'im.change': 'Change (yuan)',
  'im.t.agreements': 'agreements', 'im.t.quantity_targets': 'ecological base flows', 'im.t.flows': 'monthly flows', 'im.t.exemptions': 'exemptions', 'im.t.joint_activities': 'joint activities', 'im.t.parties': 'parties', 'im.t.payments': 'payments', 'im.t.policy': 'policy',
  'im.t.results': 'results', 'im.t.rivers': 'rivers', 'im.t.sections': 'sections', 'im.t.signatures': 'signatures', 'im.t.substitutes': 'substitutes', 'im.t.targets': 'targets',
  'im.added': '{0} +{1}', 'im.changed': '{0} {1} updated', 'im.same': '{0} {1} unchanged',
  'im.t.samples': 'samples', 'im.t.computed_results': 'computed classes', 'im.t.stations': 'automatic stations',
  'im.uploading': 'Uploading {0} / {1} MB…', 'im.checking': '{0} MB sent; the server is checking (rehearsing the import and the accounting)…', 'im.importing': '{0} MB sent; the server is importing and accounting again…',
  'im.history': 'Import history', 'im.at': 'When', 'im.by': 'By', 'im.source': 'Source', 'im.summary': 'Summary', 'im.noHistory': 'No import yet.',
  'im.year': 'Year (of a year table whose title does not say it)', 'im.targets': 'Also import the target column', 'im.skippedRows': 'Skipped',
  'im.readings': 'How the table was read', 'im.skipped': 'Rows skipped (not compensation sections, {0})', 'im.notMentioned': 'Compensation sections with no result in this file ({0})',
  'im.targetsMissing': 'Targets missing',
});

window.LIUYU_PAGES = window.LIUYU_PAGES || {};
window.LIUYU_PAGES.import = async (L, token) => {
  const { $, t, esc, say, sayHtml, api, run, fresh, yuan, partyName, showError, notice } = L;
  const mb = (n) => (n / 1024 / 1024).toFixed(1);
  // Local time in one unambiguous form whatever the browser's locale (as on the audit page): the browser's own
  // toLocaleString gave 12/4/2026, 3:01:57 PM in the Chinese page.
  const when = (at) => {
    const d = new Date(at), two = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  };
  // The store's summary "parties +47; results ~2" (inserted +, updated ~) in words; any other summary as it is.
  const summary = (text) => {
    const parts = String(text ?? '').split('; ').map((p) => p.match(/^([a-z_]+) ([+~=])(\d+)$/));
    if (!text || parts.some((m) => !m)) return text ?? '';
    return parts.map(([, table, op, n]) => { const k = 'im.t.' + table; return t(op === '+' ? 'im.added' : op === '~' ? 'im.changed' : 'im.same', t(k) === k ? table : t(k), n); }).join('；');
  };
  const history = await api('/api/imports');
  fresh(token);
  const kinds = ['scenario', 'bulletin', 'samples'];
  $('page').innerHTML = `
    <h1>${t('im.title')}</h1>
    <div class="card"><form id="im-form" class="filters">
      <label>${t('im.kind')}<select id="im-kind">${kinds.map((k) => `<option value="${k}">${esc(t('im.kind.' + k))}</option>`).join('')}</select></label>
      <label>${t('im.file')}<input id="im-file" type="file" accept=".csv,.xlsx,.xls,.xlsm" multiple></label>
      <label id="im-month-label" class="hidden">${t('im.month')}<input id="im-month" type="month"></label>
      <label id="im-year-label" class="hidden">${t('im.year')}<input id="im-year" type="number" min="1900" max="9999" step="1"></label>
      <label id="im-targets-label" class="hidden"><input id="im-targets" type="checkbox"> ${t('im.targets')}</label>
      <label id="im-sections-label" class="hidden">${t('im.sections')}<input id="im-sections" type="file" accept=".csv,.xlsx,.xls,.xlsm"></label>
      <button type="button" id="im-check" class="secondary">${t('im.check')}</button>
      <button type="button" id="im-import">${t('im.import')}</button>
    </form><p id="im-hint" class="muted"></p></div>
    <div id="im-result"></div>
    <div class="card"><h2>${t('im.history')}</h2><div class="scroll"><table id="im-history"><thead><tr><th>#</th><th>${t('im.at')}</th><th>${t('im.by')}</th><th>${t('im.source')}</th><th class="num">${t('im.rows')}</th><th>${t('im.summary')}</th></tr></thead><tbody>
      ${history.length ? history.map((b) => `<tr><td>${b.id}</td><td>${esc(when(b.at))}</td><td>${esc(b.byCode ? say(b.byCode) ?? b.by : b.by)}</td><td>${esc(b.sourceCode ? say(b.sourceCode) ?? b.source : b.source)}</td><td class="num">${b.rows}</td><td>${esc(summary(b.summary))}</td></tr>`).join('')
        : `<tr><td colspan="6" class="muted">${t('im.noHistory')}</td></tr>`}
    </tbody></table></div></div>`;

  const kindChanged = () => {
    const k = $('im-kind').value;
    $('im-hint').textContent = t('im.hint.' + k);
    $('im-file').multiple = k === 'scenario';
    $('im-month-label').classList.toggle('hidden', k !== 'bulletin');
    $('im-year-label').classList.toggle('hidden', k !== 'bulletin');
    $('im-targets-label').classList.toggle('hidden', k !== 'bulletin');
    $('im-sections-label').classList.toggle('hidden', k !== 'samples');
  };
  $('im-kind').onchange = kindChanged;
  kindChanged();

  const filesTable = (files) => files.length ? `<table id="im-files"><thead><tr><th>${t('im.file')}</th><th>${t('im.table')}</th><th class="num">${t('im.rows')}</th><th class="num">${t('im.accepted')}</th><th class="num">${t('im.skippedRows')}</th><th class="num">${t('im.rejectedRows')}</th></tr></thead><tbody>
    ${files.map((f) => `<tr${f.rejected ? ' class="rejected"' : ''}><td>${esc(f.file)}</td><td>${esc(f.table ?? '')}</td><td class="num">${f.rows ?? '—'}</td><td class="num">${f.accepted}</td><td class="num">${f.skipped ?? 0}</td><td class="num">${f.rejected}</td></tr>`).join('')}
    </tbody></table>` : '';

  // A published bulletin's notes (ErrorCodes.Published.cs) apart from the warnings: how each spelling was read, rows
  // skipped as not compensation sections, sections with no result, and a year without targets (its lines book ¥0).
  const READINGS = ['bulletin-class-read', 'bulletin-not-monitored', 'bulletin-column-ignored', 'bulletin-river-continued', 'bulletin-merged-filled', 'bulletin-section-alias', 'bulletin-targets-not-imported', 'column-unknown'];
  const where = (w) => `${esc(w.file)}${w.row ? ` · ${t('im.row')} ${w.row}` : ''}${w.column ? ` · ${esc(w.column)}` : ''}`;
  const list = (id, title, items) => items.length ? `<h2>${title}</h2><ul id="${id}">${items.map((w) => `<li>${where(w)}${t('colon')}${sayHtml(w.code, w.args, w.message)}</li>`).join('')}</ul>` : '';
  function bulletinNotes(warnings) {
    const missing = warnings.filter((w) => w.code === 'targets-missing');
    const readings = warnings.filter((w) => READINGS.includes(w.code));
    const skipped = warnings.filter((w) => w.code === 'bulletin-section-skipped');
    const absent = warnings.filter((w) => w.code === 'bulletin-section-not-mentioned');
    const known = new Set([...READINGS, 'targets-missing', 'bulletin-section-skipped', 'bulletin-section-not-mentioned']);
    return {
      html: `${missing.length ? `<div id="im-targets-missing" class="error"><h2 class="down">${t('im.targetsMissing')}</h2>${missing.map((w) => `<p>${sayHtml(w.code, w.args, w.message)}</p>`).join('')}</div>` : ''}
        ${list('im-readings', t('im.readings'), readings)}${list('im-skipped', t('im.skipped', skipped.length), skipped)}${list('im-absent', t('im.notMentioned', absent.length), absent)}`,
      rest: warnings.filter((w) => !known.has(w.code)),
    };
  }

  const amount = (fen) => (fen === null || fen === undefined ? '—' : yuan(fen));
  const flow = (payer, payee) => (payer || payee ? `${esc(partyName(payer))} → ${esc(partyName(payee))}` : '—');

  function showRejected(problem) {
    const errors = problem?.errors || [];
    // The server lists the first errors only (ReadLimits.MaxErrors) and counts them all.
    const total = problem?.errorCount ?? errors.length;
    const truncated = problem?.truncated ? `<p id="im-errors-truncated">${sayHtml('errors-truncated', { shown: String(errors.length), total: String(total) }, '')}</p>` : '';
    $('im-result').innerHTML = `<div class="card"><h2 class="down">${t('im.rejected')}</h2><p>${t('im.rejectedCount', new Set(errors.filter((e) => e.row).map((e) => e.file + '|' + e.row)).size, total)}</p>
      ${filesTable(problem?.files || [])}
      <h2>${t('im.errors')}</h2>${truncated}<div class="scroll"><table id="im-errors"><thead><tr><th>${t('im.file')}</th><th class="num">${t('im.row')}</th><th>${t('im.column')}</th><th>${t('im.message')}</th></tr></thead><tbody>
      ${errors.map((e) => `<tr class="rejected"><td>${esc(e.file)}</td><td class="num">${e.row ?? ''}</td><td>${esc(e.column ?? '')}</td><td>${sayHtml(e.code, e.args, e.message)}</td></tr>`).join('')}
      </tbody></table></div></div>`;
  }

  function showDone(r) {
    // Rows that would be stored: a bulletin's skipped rows (not compensation sections) are listed apart.
    const rows = r.files.reduce((n, f) => n + (f.accepted ?? f.rows ?? 0), 0);
    const tables = [...new Set([...Object.keys(r.report.inserted), ...Object.keys(r.report.updated)])].sort();
    const ledger = r.ledger;
    // A dry run's ledger change is accounted in the rolled-back rehearsal: what the import would change.
    const dry = (key) => (r.dryRun ? key + '.dry' : key);
    const notes = bulletinNotes(r.report.warnings);
    $('im-result').innerHTML = `<div class="card"><h2 id="im-outcome" class="up">${r.dryRun ? t('im.ok.dry', rows) : t('im.ok.done', r.report.batchId)}</h2>
      ${r.dataset === 'demo' ? `<p class="muted">${t('im.demo')}</p>` : ''}
      ${filesTable(r.files)}
      ${tables.length ? `<h2>${t('im.report')}</h2><table id="im-report"><thead><tr><th>${t('im.table')}</th><th class="num">${t('im.inserted')}</th><th class="num">${t('im.updated')}</th></tr></thead><tbody>
        ${tables.map((k) => `<tr><td>${esc(k)}</td><td class="num">${r.report.inserted[k] ?? 0}</td><td class="num">${r.report.updated[k] ?? 0}</td></tr>`).join('')}</tbody></table>` : ''}
      ${notes.html}
      ${notes.rest.length ? `<h2>${t('im.warnings')}</h2><ul>${notes.rest.map((w) => `<li>${esc(w.file)}${w.row ? ` · ${t('im.row')} ${w.row}` : ''}${t('colon')}${sayHtml(w.code, w.args, w.message)}</li>`).join('')}</ul>` : ''}</div>
      ${ledger ? `<div class="card" id="im-ledger"><h2>${t(dry('im.ledger'))}</h2>
        ${ledger.accounting.map((a) => `<p>${t(dry('im.runs'), esc(a.scope), a.posted, a.reversed, a.adjustments)}</p>`).join('')}
        ${ledger.linesTotal ? `<h2>${t('im.lines', ledger.linesTotal)}</h2><div class="scroll"><table id="im-lines"><thead><tr><th>${t('lg.section')}</th><th>${t('month')}</th><th>${t('rule')}</th><th>${t('lg.payer')} → ${t('lg.payee')}</th><th class="num">${t('im.before')}</th><th class="num">${t(dry('im.after'))}</th></tr></thead><tbody>
          ${ledger.lines.map((l) => `<tr><td>${esc(l.section)}</td><td>${esc(l.month)}</td><td>${esc(l.ruleBefore ?? '—')} → ${esc(l.ruleAfter ?? '—')}</td>
            <td>${l.ruleBefore && (l.payerBefore !== l.payerAfter || l.payeeBefore !== l.payeeAfter) ? `${flow(l.payerBefore, l.payeeBefore)} ⇒ ` : ''}${flow(l.payerAfter, l.payeeAfter)}</td>
            <td class="num">${amount(l.amountBeforeFen)}</td><td class="num">${amount(l.amountAfterFen)}</td></tr>`).join('')}
          </tbody></table></div>
          <h2>${t('im.net')}</h2><table id="im-net"><thead><tr><th>${t('party')}</th><th class="num">${t('im.change')}</th></tr></thead><tbody>
          ${ledger.net.map((n) => `<tr><td>${esc(partyName(n.party))}</td><td class="num ${n.changeFen < 0 ? 'down' : 'up'}">${n.changeFen > 0 ? '+' : ''}${yuan(n.changeFen)}</td></tr>`).join('')}
          </tbody></table>` : `<p id="im-nochange" class="muted">${t(dry('im.noChange'))}</p>`}</div>` : ''}`;
  }

  const submit = (dryRun) => run(async () => {
    const files = $('im-file').files;
    if (!files.length) { showError(t('im.choose')); return; }
    // The server refuses more than 50 MB; say so before sending it all.
    const sections = $('im-kind').value === 'samples' ? [...$('im-sections').files] : [];
    if ([...files, ...sections].reduce((n, f) => n + f.size, 0) > 50 * 1024 * 1024) { showError(t('im.tooLarge')); return; }
    const body = new FormData();
    body.append('kind', $('im-kind').value);
    body.append('dryRun', dryRun ? 'true' : 'false');
    if ($('im-kind').value === 'bulletin' && $('im-month').value) body.append('month', $('im-month').value);
    if ($('im-kind').value === 'bulletin' && $('im-year').value) body.append('year', $('im-year').value);
    if ($('im-kind').value === 'bulletin' && $('im-targets').checked) body.append('targets', 'true');
    for (const f of files) body.append('file', f, f.name);
    if (sections.length) body.append('sections', sections[0], sections[0].name);
    // The previous result goes at once; the bytes sent show while the file goes, then that the server is at work.
    $('im-result').innerHTML = `<div class="card" id="im-progress-card"><progress id="im-progress" max="1" value="0"></progress> <span id="im-progress-text" class="muted"></span></div>`;
    const progress = (sent, total) => {
      if (!$('im-progress')) return;
      $('im-progress').value = total ? sent / total : 0;
      $('im-progress-text').textContent = sent < total ? t('im.uploading', mb(sent), mb(total)) : t(dryRun ? 'im.checking' : 'im.importing', mb(total));
      if (sent >= total) $('im-progress').removeAttribute('value');
    };
    $('im-check').disabled = $('im-import').disabled = true;
    let r;
    try { r = await L.upload('/api/imports', body, progress); } catch (e) {
      $('im-result').innerHTML = '';
      $('im-check').disabled = $('im-import').disabled = false;
      if (e.status === 422) { showRejected(e.problem); return; }
      throw e;
    }
    $('im-check').disabled = $('im-import').disabled = false;
    showDone(r);
    if (!dryRun) {
      // Pages follow the data: a year the import brought shows in every year selector from now on.
      await L.reloadScheme();
      const touched = (r.ledger?.accounting ?? []).map((a) => Number(String(a.scope).slice(0, 4))).filter((y) => y > 1900);
      if (touched.length) L.state.focusYear = Math.max(...touched);
      notice(t('im.ok.done', r.report.batchId));
      const list = await api('/api/imports');
      $('im-history').querySelector('tbody').innerHTML = list.map((b) => `<tr><td>${b.id}</td><td>${esc(when(b.at))}</td><td>${esc(b.byCode ? say(b.byCode) ?? b.by : b.by)}</td><td>${esc(b.sourceCode ? say(b.sourceCode) ?? b.source : b.source)}</td><td class="num">${b.rows}</td><td>${esc(summary(b.summary))}</td></tr>`).join('');
    }
  });
  $('im-check').onclick = submit(true);
  $('im-import').onclick = submit(false);
};
