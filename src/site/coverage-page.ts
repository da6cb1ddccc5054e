/**
 * The coverage page (`coverage.html`): the backport ledger of `trellis missing` as a table (one
 * row per change, one column per line, each cell's state in words), filterable in the browser by
 * a small inline script (state, kind, words of the subject). Without the script the whole table
 * reads as it is; the filter form stays hidden.
 */
import type { SiteResult } from '../app/site.js';
import { cellText, columnsOf } from '../core/coverage/format.js';
import type { ChangeCoverage } from '../core/coverage/types.js';
import { esc, linePath, page, scrollTable } from './html.js';

/** Rows shown on the page at most (the ledger JSON has them all). */
export const COVERAGE_PAGE_ROWS = 2000;

export function coveragePage(site: SiteResult, siteName: string): string {
  const cov = site.coverage;
  const title = `Backport coverage – ${siteName}`;
  if (cov === null) {
    const body = `<h1>Backport coverage</h1>\n<p>The coverage ledger could not be read for this site (see the warnings of <code>trellis site</code>).</p>`;
    return page({ title, root: '', siteName, current: 'coverage', body, asOf: site.asOf });
  }
  const cols = columnsOf(cov);
  const lineKeys = new Set(site.lines.map((l) => l.status.line));
  const shown = cov.changes.slice(0, COVERAGE_PAGE_ROWS);
  const head = cols.map((k) => `<th scope="col">${lineKeys.has(k) ? `<a href="${esc(linePath(k))}">${esc(k)}</a>` : esc(k)}</th>`).join('');
  const rows = shown.map((c) => row(c, cols));
  const kinds = [...new Set(cov.changes.map((c) => c.kind))].sort();
  const table = `<table id="coverage">
<caption>Changes since <code>${esc(cov.since)}</code> and the lines that have them</caption>
<thead><tr><th scope="col">Commit</th><th scope="col">Subject</th><th scope="col">Kind</th>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
  const body = `<h1>Backport coverage</h1>
<p>Which change is on which maintained line (the ledger of <code>trellis missing</code>; also as <a href="api/ledger.json">JSON</a>).
<strong>missing</strong>: the line needs it and does not have it; <strong>pending</strong>: a backport is under way;
<strong>probable</strong>: a change with the same subject is there; <strong>ok</strong>: it is there; a dash: the line does not need it.</p>
${shown.length < cov.changes.length ? `<p>The first ${shown.length} of ${cov.changes.length} changes are shown; the JSON has all of them.</p>` : ''}
<form class="filters" id="filters" hidden>
<label>State<select id="f-state"><option value="">any</option><option value="attention">needs attention</option><option value="missing">missing</option><option value="pending">pending</option><option value="probable">probable</option></select></label>
<label>Kind<select id="f-kind"><option value="">any</option>${kinds.map((k) => `<option>${esc(k)}</option>`).join('')}</select></label>
<label>Subject contains<input id="f-text" type="search"></label>
<p id="f-count" role="status" aria-live="polite"></p>
</form>
${scrollTable('Backport coverage', table)}`;
  return page({ title, root: '', siteName, current: 'coverage', body, asOf: site.asOf, script: SCRIPT });
}

function row(c: ChangeCoverage, cols: string[]): string {
  const states = cols.map((k) => c.states[k]?.state ?? '');
  const cells = cols
    .map((k) => {
      const s = c.states[k];
      return s ? `<td class="c-${esc(s.state)}"${s.reason ? ` title="${esc(s.reason)}"` : ''}>${esc(cellText(s))}</td>` : '<td></td>';
    })
    .join('');
  return `<tr data-kind="${esc(c.kind)}" data-states="${esc(states.filter((s) => s !== '').join(' '))}"><td><code>${esc(c.commit.slice(0, 10))}</code></td><th scope="row">${esc(c.subject)}</th><td>${esc(c.kind)}</td>${cells}</tr>`;
}

/** The filter: shows the form, hides rows that do not match. Plain DOM, no library. */
const SCRIPT = `
<script>
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  form.hidden = false;
  var rows = Array.prototype.slice.call(document.querySelectorAll('#coverage tbody tr'));
  var state = document.getElementById('f-state'), kind = document.getElementById('f-kind'), text = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  function apply() {
    var s = state.value, k = kind.value, t = text.value.toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var states = ' ' + r.getAttribute('data-states') + ' ';
      var okState = s === '' || (s === 'attention' ? /( missing | pending | probable )/.test(states) : states.indexOf(' ' + s + ' ') >= 0);
      var ok = okState && (k === '' || r.getAttribute('data-kind') === k) && (t === '' || r.textContent.toLowerCase().indexOf(t) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    count.textContent = n + ' of ' + rows.length + ' changes shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
</script>`;
