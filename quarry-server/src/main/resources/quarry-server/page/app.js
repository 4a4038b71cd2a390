'use strict';
// The Quarry page: search two retrievers side by side, and compare two runs query by query.
// Plain JavaScript on the server's JSON API (docs/SERVER.md); the chart is ECharts from its WebJar.

const $ = (id) => document.getElementById(id);
const state = { info: null, chart: null, comparison: null };

async function api(path, options) {
  const response = await fetch(path, options);
  const body = response.status === 204 ? {} : await response.json();
  if (!response.ok) {
    const error = body.error || {};
    throw new Error((error.param ? error.param + ': ' : '') + (error.message || response.statusText));
  }
  return body;
}

function show(message) {
  const box = $('message');
  box.textContent = message || '';
  box.hidden = !message;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function option(select, value, label) {
  const o = el('option', null, label || value);
  o.value = value;
  select.appendChild(o);
}

function collection() {
  return state.info.indexes.find((c) => c.name === $('index').value);
}

function fillRetrievers() {
  const c = collection();
  for (const id of ['retriever-a', 'retriever-b', 'produce-retriever']) {
    const select = $(id);
    select.innerHTML = '';
    if (id === 'retriever-b') option(select, '', 'none');
    c.retrievers.forEach((r) => option(select, r));
  }
  $('retriever-a').value = c.default_retriever;
  const other = c.retrievers.find((r) => r !== c.default_retriever);
  $('retriever-b').value = other || '';
}

async function start() {
  state.info = await api('/api/info');
  state.info.indexes.forEach((c) => option($('index'), c.name, c.name + ' (' + c.documents + ' documents)'));
  $('index').addEventListener('change', fillRetrievers);
  fillRetrievers();
  $('k').max = state.info.limits.max_k;
  if (state.info.dataset) {
    const d = state.info.dataset;
    $('dataset').textContent = d.name + ' ' + d.split + ': ' + d.judged_queries + ' judged queries';
    const list = await api('/api/queries');
    for (const q of list.queries) option($('queries'), q.text);
  } else {
    $('tab-eval').disabled = true;
    $('tab-eval').title = 'start the server with --dataset to evaluate';
  }
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  $('tab-search').addEventListener('click', () => tab('search'));
  $('tab-eval').addEventListener('click', () => tab('eval'));
  $('produce-button').addEventListener('click', produce);
  $('upload-button').addEventListener('click', upload);
  $('compare-button').addEventListener('click', compare);
  document.body.dataset.ready = 'true';
}

function tab(name) {
  $('search-view').hidden = name !== 'search';
  $('eval-view').hidden = name !== 'eval';
  $('tab-search').classList.toggle('active', name === 'search');
  $('tab-eval').classList.toggle('active', name === 'eval');
  if (name === 'eval') refreshRuns().catch((e) => show(e.message));
}

async function search() {
  show('');
  const q = $('q').value;
  const k = $('k').value || 10;
  const index = $('index').value;
  const url = (r) => '/api/search?' + new URLSearchParams({ q, k, index, retriever: r });
  const a = $('retriever-a').value;
  const b = $('retriever-b').value;
  $('context').textContent = '';
  try {
    const [left, right] = await Promise.all([api(url(a)), b ? api(url(b)) : Promise.resolve(null)]);
    render(left, a + ' on ' + index, right, right && (b + ' on ' + index));
  } catch (e) {
    show(e.message);
  }
}

// Renders one or two ranked lists; documents both found are linked to each other.
function render(left, leftTitle, right, rightTitle) {
  const ids = (r) => new Map((r ? r.hits : []).map((h) => [h.id, h.rank]));
  const a = ids(left);
  const b = ids(right);
  side('side-a', 'a', left, leftTitle, b, 'b');
  side('side-b', 'b', right, rightTitle, a, 'a');
  $('side-b').hidden = !right;
}

function side(id, prefix, result, title, other, otherPrefix) {
  const root = $(id);
  const list = root.querySelector('.hits');
  list.innerHTML = '';
  root.querySelector('.side-title').textContent = title || '';
  const meta = root.querySelector('.side-meta');
  meta.textContent = '';
  if (!result) return;
  const parts = [result.hits.length + ' hits'];
  if (result.took_ms !== undefined) parts.push(result.took_ms + ' ms');
  if (result.judged) parts.push('nDCG@10 ' + result.judged['ndcg@10'].toFixed(4) + ' (query ' + result.judged.query_id + ')');
  meta.textContent = parts.join(' · ');
  if (result.judged) meta.dataset.ndcg = result.judged['ndcg@10'];
  for (const hit of result.hits) {
    const li = el('li');
    li.id = prefix + '-' + hit.id;
    li.dataset.id = hit.id;
    const head = el('div');
    head.appendChild(el('span', 'hit-title', hit.title || hit.id));
    if (hit.grade !== undefined) {
      head.appendChild(el('span', 'badge grade grade-' + hit.grade, 'grade ' + hit.grade));
    }
    if (other.has(hit.id)) {
      li.classList.add('both');
      const link = el('a', 'badge other', '#' + other.get(hit.id) + ' on the other side');
      link.href = '#' + otherPrefix + '-' + hit.id;
      head.appendChild(link);
      const twin = () => document.getElementById(otherPrefix + '-' + hit.id);
      li.addEventListener('mouseenter', () => { li.classList.add('linked'); twin()?.classList.add('linked'); });
      li.addEventListener('mouseleave', () => { li.classList.remove('linked'); twin()?.classList.remove('linked'); });
    }
    li.appendChild(head);
    li.appendChild(el('div', 'hit-meta', hit.id + ' · score ' + Number(hit.score).toFixed(4)));
    const snippet = el('div', 'snippet');
    snippet.innerHTML = hit.snippet; // HTML from the server: the text escaped, the query's terms in <mark>
    li.appendChild(snippet);
    list.appendChild(li);
  }
}

async function refreshRuns() {
  const { runs } = await api('/api/runs');
  for (const id of ['run-a', 'run-b']) {
    const select = $(id);
    const kept = select.value;
    select.innerHTML = '';
    runs.forEach((r) => option(select, r.name, r.name + ' (' + r.source + ', ' + r.queries + ' queries)'));
    if (runs.some((r) => r.name === kept)) select.value = kept;
  }
  if (runs.length > 1 && $('run-a').value === $('run-b').value) $('run-b').value = runs[runs.length - 1].name;
  return runs;
}

async function produce() {
  show('');
  const button = $('produce-button');
  button.disabled = true;
  try {
    const made = await api('/api/runs', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ index: $('index').value, retriever: $('produce-retriever').value, k: 100 }),
    });
    await refreshRuns();
    $('run-b').value = made.name;
  } catch (e) {
    show(e.message);
  } finally {
    button.disabled = false;
  }
}

async function upload() {
  show('');
  const file = $('upload-file').files[0];
  const name = $('upload-name').value || (file && file.name.replace(/[^A-Za-z0-9._-]/g, '_'));
  if (!file) { show('choose a run file first'); return; }
  try {
    await api('/api/runs/' + encodeURIComponent(name) + '?' + new URLSearchParams({ index: $('index').value }),
      { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: await file.text() });
    await refreshRuns();
    $('run-b').value = name;
  } catch (e) {
    show(e.message);
  }
}

async function compare() {
  show('');
  try {
    const c = await api('/api/compare?' + new URLSearchParams({ a: $('run-a').value, b: $('run-b').value }));
    state.comparison = c;
    stats(c);
    chart(c);
    table(c);
  } catch (e) {
    show(e.message);
  }
}

function fmt(x) { return Number(x).toFixed(4); }

function stats(c) {
  const box = $('stats');
  box.innerHTML = '';
  const t = el('table');
  const rows = [
    ['queries', c.queries],
    ['mean nDCG@10, A (' + c.a + ')', fmt(c.mean_a)],
    ['mean nDCG@10, B (' + c.b + ')', fmt(c.mean_b)],
    ['B − A', (c.delta >= 0 ? '+' : '') + fmt(c.delta)],
    ['paired t-test p', fmt(c.t_test_p)],
    ['randomization test p (' + c.trials + ' trials)', fmt(c.randomization_p)],
  ];
  for (const [k, v] of rows) {
    const tr = el('tr');
    tr.appendChild(el('td', null, k));
    tr.appendChild(el('td', null, String(v)));
    t.appendChild(tr);
  }
  box.appendChild(t);
  box.dataset.randomizationP = c.randomization_p;
  box.dataset.tTestP = c.t_test_p;
}

// The per-query difference as a sorted bar chart, the plot IR papers use; a bar opens that query side by side.
function chart(c) {
  if (!state.chart) state.chart = echarts.init($('chart'));
  const data = c.per_query.map((q) => ({
    value: q.delta,
    qid: q.qid,
    itemStyle: { color: q.delta >= 0 ? '#2e7d32' : '#c62828' },
  }));
  state.chart.setOption({
    animation: false,
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    title: { text: 'nDCG@10 per query, B − A (' + c.b + ' − ' + c.a + ')', textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const q = c.per_query[p.dataIndex];
        return echarts.format.encodeHTML(q.qid + ': ' + q.query) + '<br>A ' + fmt(q.a) + ', B ' + fmt(q.b)
          + ', B − A ' + fmt(q.delta);
      },
    },
    xAxis: { type: 'category', data: c.per_query.map((q) => q.qid), axisLabel: { show: false }, axisTick: { show: false },
      name: c.per_query.length + ' queries, sorted', nameLocation: 'middle', nameGap: 20 },
    yAxis: { type: 'value', min: -1, max: 1 },
    series: [{ type: 'bar', data, barCategoryGap: '10%' }],
  }, true);
  state.chart.off('click');
  state.chart.on('click', (p) => openQuery(c.per_query[p.dataIndex].qid));
}

function table(c) {
  const body = $('per-query').querySelector('tbody');
  body.innerHTML = '';
  for (const q of c.per_query) {
    const tr = el('tr');
    tr.dataset.qid = q.qid;
    tr.appendChild(el('td', null, q.qid + ': ' + q.query));
    tr.appendChild(el('td', null, fmt(q.a)));
    tr.appendChild(el('td', null, fmt(q.b)));
    tr.appendChild(el('td', q.delta > 0 ? 'up' : q.delta < 0 ? 'down' : null, fmt(q.delta)));
    tr.addEventListener('click', () => openQuery(q.qid));
    body.appendChild(tr);
  }
}

// One query of the comparison, both runs' lists side by side.
async function openQuery(qid) {
  const c = state.comparison;
  const k = $('k').value || 10;
  try {
    const [a, b] = await Promise.all([c.a, c.b].map((run) =>
      api('/api/runs/' + encodeURIComponent(run) + '/' + encodeURIComponent(qid) + '?k=' + k)));
    tab('search');
    $('q').value = a.query;
    $('context').textContent = 'query ' + qid + ' of the comparison: run A ' + c.a + ', run B ' + c.b;
    render(a, 'A: ' + c.a, b, 'B: ' + c.b);
    document.body.dataset.opened = qid;
  } catch (e) {
    show(e.message);
  }
}

window.quarry = state;
start().catch((e) => show('cannot start: ' + e.message));
