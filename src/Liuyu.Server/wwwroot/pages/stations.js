'use strict';
// 自动监测站 (issue 14): every station the reader may see as it stands now (GET /api/stations): online by its last
// packet's arrival, today's latest hourly values against the section's limit class (GB 3838), a small line of today's
// hours, the section's running month; and the months where a station's class and a bulletin's differ
// (GET /api/stations/disagreements). Reached from the overview's early warnings and from the registry page.
Object.assign(window.LIUYU_TEXT.zh, {
  'sn.title': '自动监测站', 'sn.window': '最近一次数据在 {0} 分钟内到达即为在线。', 'sn.count': '在线 {0} / 共 {1} 个站点',
  'sn.none': '暂无可查看的自动监测站', 'sn.station': '站点', 'sn.section': '断面', 'sn.state': '状态', 'sn.online': '在线', 'sn.offline': '离线',
  'sn.last': '最近数据（到达 / 数据时间）', 'sn.never': '从未收到数据', 'sn.todayShort': '今日小时值', 'sn.limit': '限值类别',
  'sn.chart': '今日走势', 'sn.month': '本月（暂定）', 'sn.soFar': '有效小时 {0}/{1}（{2}）', 'sn.noHours': '今日无小时数据',
  'sn.over': '超过{0}类限值', 'sn.flag': '数据标记 {0}，不参与计算', 'sn.limitBand': '{0}类限值 {1}',
  'sn.disagreements': '自动站类别与通报类别不一致的月份', 'sn.noDisagreements': '本年度没有不一致的月份', 'sn.stationClass': '自动站类别',
  'sn.bulletinClass': '通报类别', 'src.Unspecified': '未注明', 'sn.source': '来源', 'sn.completeness': '有效小时比例', 'sn.link': '自动监测站 →',
  'ew.title': '预警：当月尚未出具通报、自动站数据劣于补偿基准的断面', 'ew.none': '暂无预警', 'ew.section': '断面', 'ew.month': '月份',
  'ew.provisional': '暂定类别', 'ew.baseline': '补偿基准', 'ew.payers': '将付款方', 'ew.amount': '按现状应付（元）', 'ew.soFar': '有效小时（截至目前）',
});
Object.assign(window.LIUYU_TEXT.en, {
  'sn.title': 'Automatic stations', 'sn.window': 'Online: the last packet arrived within {0} minutes.', 'sn.count': '{0} of {1} stations online',
  'sn.none': 'No automatic station to show', 'sn.station': 'Station', 'sn.section': 'Section', 'sn.state': 'State', 'sn.online': 'online', 'sn.offline': 'offline',
  'sn.last': 'Last packet (arrived / data time)', 'sn.never': 'nothing received yet', 'sn.todayShort': 'Today\'s hourly values', 'sn.limit': 'Limit class',
  'sn.chart': 'Today', 'sn.month': 'This month (provisional)', 'sn.soFar': '{0}/{1} valid hours ({2})', 'sn.noHours': 'no hourly data today',
  'sn.over': 'over the class {0} limit', 'sn.flag': 'data flag {0}, not counted', 'sn.limitBand': 'class {0} limit {1}',
  'sn.disagreements': 'Months where the station\'s class and the bulletin\'s differ', 'sn.noDisagreements': 'No disagreement this year', 'sn.stationClass': 'Station class',
  'sn.bulletinClass': 'Bulletin class', 'src.Unspecified': 'not given', 'sn.source': 'Source', 'sn.completeness': 'Valid hours', 'sn.link': 'Automatic stations →',
  'ew.title': 'Early warning: months not yet closed by a bulletin whose station data are worse than the baseline', 'ew.none': 'No warning', 'ew.section': 'Section', 'ew.month': 'Month',
  'ew.provisional': 'Provisional class', 'ew.baseline': 'Baseline', 'ew.payers': 'Would pay', 'ew.amount': 'Amount so far (yuan)', 'ew.soFar': 'Valid hours so far',
});

window.LIUYU_PARTS = window.LIUYU_PARTS || {};
// A share 0…1 as a percentage with one decimal.
window.LIUYU_PARTS.percent = (v) => `${Math.round(v * 1000) / 10}%`;
// The hour and minute of a DataTime ("2025-06-10T09:00:00"), or the date and time when it is not today's.
window.LIUYU_PARTS.dataTime = (s) => (s ? String(s).replace('T', ' ').slice(0, 16) : '—');

window.LIUYU_PAGES = window.LIUYU_PAGES || {};
window.LIUYU_PAGES.stations = async (L, token) => {
  const { state, $, t, esc, api, fresh, cls, riverName, CLASS_NAMES } = L;
  const { percent, dataTime } = window.LIUYU_PARTS;
  const year = new URLSearchParams(location.hash.split('?')[1] || '').get('year');
  const [d, dis] = await Promise.all([api('/api/stations'), api(`/api/stations/disagreements${year ? `?year=${encodeURIComponent(year)}` : ''}`)]);
  fresh(token);
  const name = (i) => (i.key ? (state.lang === 'zh' ? i.nameZh : i.nameEn) : i.code);
  const band = (i) => (i.limitLow != null && i.limitHigh != null ? `${i.limitLow}–${i.limitHigh}` : i.limitLow != null ? `≥ ${i.limitLow}` : i.limitHigh != null ? `≤ ${i.limitHigh}` : '');
  const value = (s, i) => {
    const title = !i.valid ? t('sn.flag', i.flag) : i.exceeds ? t('sn.over', CLASS_NAMES[s.limitClass]) : band(i) ? t('sn.limitBand', CLASS_NAMES[s.limitClass], band(i)) : '';
    return `<span class="reading${i.exceeds ? ' over' : ''}${i.valid ? '' : ' invalid'}" title="${esc(title)}" data-key="${esc(i.key ?? i.code)}">${esc(name(i))} <b>${i.value}</b>${i.unit ? ` ${esc(i.unit)}` : ''}${i.valid ? '' : ` (${esc(i.flag)})`}</span>`;
  };
  const online = d.stations.filter((s) => s.online).length;
  // On a phone each station is a block of labelled lines (app.css), so a cell holds one element after its label.
  const cell = (label, html) => `<td data-label="${esc(t(label))}"><div>${html}</div></td>`;
  $('page').innerHTML = `
    <h1>${t('sn.title')}</h1>
    <div class="card"><p class="muted">${t('sn.count', online, d.stations.length)} · ${t('sn.window', d.onlineWindowMinutes)}</p>
    ${d.stations.length ? `<table id="stations-table"><thead><tr><th>${t('sn.station')}</th><th>${t('sn.section')}</th><th>${t('sn.state')}</th>
      <th>${t('sn.last')}</th><th>${t('sn.todayShort')}</th><th>${t('sn.chart')}</th><th>${t('sn.limit')}</th><th>${t('sn.month')}</th></tr></thead><tbody>
      ${d.stations.map((s) => `<tr data-mn="${esc(s.mn)}">
        ${cell('sn.station', `${esc(s.name)}<br><span class="muted">${esc(s.mn)}</span>`)}
        ${cell('sn.section', `<a href="#/section/${encodeURIComponent(s.section)}">${esc(s.sectionName)}</a><br><span class="muted">${esc(riverName(s.river))}</span>`)}
        ${cell('sn.state', `<span class="state"><span class="dot ${s.online ? 'on' : 'off'}"></span>${s.online ? t('sn.online') : t('sn.offline')}</span>`)}
        ${cell('sn.last', s.lastReceivedAt ? `${esc(new Date(s.lastReceivedAt).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }))}<br><span class="muted">${esc(dataTime(s.lastDataTime))}</span>` : `<span class="muted">${t('sn.never')}</span>`)}
        ${cell('sn.todayShort', `<div class="readings">${s.today.length ? s.today.map((i) => value(s, i)).join('') : `<span class="muted">${t('sn.noHours')}</span>`}</div>${s.day ? `<span class="muted">${esc(s.day)}</span>` : ''}`)}
        ${cell('sn.chart', `<div class="spark" data-spark="${esc(s.mn)}"></div>`)}
        ${cell('sn.limit', s.limitClass ? cls(s.limitClass) : '—')}
        ${cell('sn.month', s.month ? `${esc(s.month.month)} ${cls(s.month.class)}${s.limitClass && s.month.class > s.limitClass ? ' ▼' : ''}<br><span class="muted">${t('sn.soFar', s.month.validHours, s.month.hoursSoFar, percent(s.month.completenessSoFar))}</span>` : '—')}
      </tr>`).join('')}
    </tbody></table>` : `<p class="muted" id="stations-none">${t('sn.none')}</p>`}</div>
    <div class="card"><h2>${t('sn.disagreements')} <span class="muted">${dis.year}</span></h2>
    ${dis.disagreements.length ? `<div class="scroll"><table id="station-disagreements"><thead><tr><th>${t('sn.section')}</th><th>${t('month')}</th><th>${t('sn.stationClass')}</th>
      <th>${t('sn.bulletinClass')}</th><th>${t('sn.source')}</th><th class="num">${t('sn.completeness')}</th></tr></thead><tbody>
      ${dis.disagreements.map((x) => `<tr data-section="${esc(x.section)}" data-month="${esc(x.month)}"><td><a href="#/section/${encodeURIComponent(x.section)}">${esc(x.sectionName)}</a></td>
        <td>${esc(x.month)}</td><td>${cls(x.stationClass)}</td><td>${cls(x.bulletinClass)}</td><td>${t('src.' + x.source)}</td><td class="num">${percent(x.completeness)}</td></tr>`).join('')}
    </tbody></table></div>` : `<p class="muted" id="station-disagreements">${t('sn.noDisagreements')}</p>`}</div>`;
  // Today's hours of the indicator that matters most: the first over its limit, else one deciding the month, else the first with a limit.
  d.stations.forEach((s) => {
    const el = document.querySelector(`[data-spark="${CSS.escape(s.mn)}"]`);
    const deciding = s.month?.deciding ?? [];
    const i = s.today.find((x) => x.exceeds) || s.today.find((x) => deciding.includes(x.key)) || s.today.find((x) => x.limitHigh != null) || s.today[0];
    if (!el || !i || !i.hours.length) return;
    const limit = i.limitHigh ?? i.limitLow;
    const c = L.chart(el);
    c.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 16, bottom: 3 },
      title: { text: name(i), textStyle: { fontSize: 10, fontWeight: 'normal', color: '#667' }, left: 0, top: 0 },
      xAxis: { type: 'value', min: 0, max: 23, show: false },
      yAxis: { type: 'value', show: false, scale: true, max: (v) => (limit != null ? Math.max(v.max, limit) : v.max), min: (v) => (limit != null ? Math.min(v.min, limit) : v.min) },
      tooltip: { trigger: 'axis', formatter: (ps) => ps.map((p) => `${p.value[0]}:00 ${esc(name(i))} ${p.value[1]}`).join('<br>') },
      series: [{ type: 'line', data: i.hours.map((h) => [h.hour, h.value]), symbol: 'none', lineStyle: { width: 1.5, color: i.exceeds ? '#b3261e' : '#0b5cad' },
        markLine: limit != null ? { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#d7302c', type: 'dashed', width: 1 }, data: [{ yAxis: limit }] } : undefined }],
    });
  });
};
