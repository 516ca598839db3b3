'use strict';
// 跨省流域补偿 (R-EXT-2): a cross-province agreement's own statement, read and confirmed by both sides. The other
// province's finance department sees this page only (GET/POST /api/cross-province).
(() => {
  window.LIUYU_PAGES = window.LIUYU_PAGES || {};
  window.LIUYU_PAGES['cross-province'] = async (L, token, args) => {
    const { state, $, t, esc, api, run, fresh, notice, cls, yuan } = L;
    const { years, rivers } = await api('/api/cross-province');
    fresh(token);
    const year = Number(args[0]) || (years.length ? years[years.length - 1] : new Date().getFullYear() - 1);
    const river = args[1] || rivers[0]?.id;
    if (!river) { $('page').innerHTML = `<h1>${t('cp.title')}</h1><p class="muted" id="cp-none">${t('cp.none')}</p>`; return; }
    const d = await api(`/api/cross-province/${year}/${encodeURIComponent(river)}`);
    fresh(token);
    const name = (id) => d.parties.find((p) => p.party === id)?.name ?? id;
    const mine = state.me.party && d.parties.find((p) => p.party === state.me.party);
    const base = `/api/cross-province/${year}/${encodeURIComponent(river)}`;
    $('page').innerHTML = `
      <h1>${t('cp.title')} · ${esc(d.riverName)} <span class="muted">${year}</span></h1>
      <div class="card toolbar">
        <label>${t('cp.river')}<select id="cp-river">${rivers.map((r) => `<option value="${esc(r.id)}"${r.id === river ? ' selected' : ''}>${esc(r.name)}</option>`).join('')}</select></label>
        <label>${t('year')}<input id="cp-year" type="number" value="${year}" min="1900" max="9999"></label>
        <span class="downloads"><a id="cp-pdf" href="${base}/statement.pdf" download>${t('cp.pdf')}</a> · <a id="cp-xlsx" href="${base}/statement.xlsx" download>${t('cp.xlsx')}</a></span>
        ${mine ? `<button type="button" id="cp-confirm" ${mine.confirmed ? 'disabled' : ''}>${t('cp.confirm')}</button>` : ''}
      </div>
      <div class="card scroll"><h2>${t('cp.parties')}</h2><table id="cp-parties"><thead><tr><th>${t('party')}</th><th>${t('party.province')}</th>
        <th class="num">${t('st.receivable')}</th><th class="num">${t('st.payable')}</th><th class="num">${t('st.net')}</th><th></th></tr></thead><tbody>
        ${d.parties.map((p) => `<tr data-party="${esc(p.party)}"><td>${esc(p.name)}</td><td>${esc(p.province)}</td><td class="num">${yuan(p.receivableFen)}</td>
          <td class="num">${yuan(p.payableFen)}</td><td class="num">${yuan(p.netFen)}</td><td>${p.confirmed ? t('cp.confirmed') : `<span class="muted">${t('cp.pending')}</span>`}</td></tr>`).join('')}
      </tbody></table><p class="muted">${t('cp.digest')}: <code>${esc(d.statementDigest)}</code></p></div>
      <div class="card scroll"><h2>${t('cp.lines')}</h2><table id="cp-lines"><thead><tr><th>${t('month')}</th><th>${t('lg.section')}</th><th>${t('lg.baseline')}</th><th>${t('lg.result')}</th>
        <th>${t('rule')}</th><th>${t('lg.payer')}</th><th>${t('lg.payee')}</th><th class="num">${t('lg.amount')}</th></tr></thead><tbody>
        ${d.lines.map((l) => `<tr><td>${esc(l.month)}</td><td>${esc(l.section)}</td>${l.purpose === 'quantity'
          ? `<td>${t('q.baseFlow')} ${l.flowTarget ?? '—'}</td><td>${l.flow ?? t('q.noFlow')}</td>`
          : `<td>${cls(l.baseline)}</td><td>${cls(l.result)}</td>`}<td>${esc(l.rule)}</td><td>${esc(l.payer ? name(l.payer) : '')}</td><td>${esc(l.payee ? name(l.payee) : '')}</td>
          <td class="num">${l.kind === 'Reversal' ? '−' : ''}${yuan(l.amountFen)}</td></tr>`).join('')}
      </tbody></table></div>`;
    const go = () => { location.hash = `#/cross-province/${encodeURIComponent($('cp-year').value)}/${encodeURIComponent($('cp-river').value)}`; };
    $('cp-river').onchange = go;
    $('cp-year').onchange = go;
    if ($('cp-confirm')) {
      $('cp-confirm').onclick = run(async () => {
        await api(`${base}/confirm`, { method: 'POST', body: {} });
        notice(t('cp.confirmed'));
        L.route();
      });
    }
  };
})();
