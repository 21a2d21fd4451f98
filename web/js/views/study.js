// A study: its bibliographic record, our annotation (design, level, sample,
// population), its findings, and who cites it for what.

import { h } from '../dom.js';
import { getJSON } from '../api.js';
import { href } from '../routes.js';
import { STANCES } from '../labels.js';
import { stanceBadge, levelBadge, directnessBadge, externalLink, sourceLine, interestFlag, readingNote } from '../components.js';

async function searchAll(params, signal) {
  const out = [];
  for (let page = 1; page <= 20; page++) {
    const r = await getJSON('/api/search', { ...params, size: 100, page }, { signal });
    out.push(...(r.results || []));
    if (out.length >= r.total || !(r.results || []).length) break;
  }
  return out;
}

function claimOf(a) {
  return typeof a.claim === 'string' ? { id: a.claim } : a.claim || {};
}

function recordList(rec) {
  const vip = [rec.volume ? `${rec.volume}` : '', rec.issue ? `(${rec.issue})` : '', rec.pages ? `:${rec.pages}` : ''].join('');
  const rows = [
    ['Authors', (rec.authors || []).map((a) => (typeof a === 'string' ? a
      : a.literal || [a.given, a.family].filter(Boolean).join(' '))).join(', ')],
    ['Journal', rec.journal],
    ['Year', rec.year],
    ['Volume (issue): pages', vip],
    ['Publication type', (rec.publication_types || []).join(', ')],
    ['DOI', rec.doi ? externalLink(`https://doi.org/${rec.doi}`, rec.doi) : null],
    ['PubMed', rec.pmid ? externalLink(`https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(rec.pmid)}/`, `PMID ${rec.pmid}`) : null],
    ['PubMed Central', rec.pmcid ? externalLink(`https://www.ncbi.nlm.nih.gov/pmc/articles/${encodeURIComponent(rec.pmcid)}/`, rec.pmcid) : null],
  ].filter(([, v]) => v);
  return h('dl', { class: 'record' }, rows.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)]));
}

function citedByItem(e, studyId) {
  const a = e.assertion && typeof e.assertion === 'object' ? { ...e, ...e.assertion } : e;
  const claim = claimOf(a);
  const cite = (a.cites || []).find((c) => c.study === studyId);
  const bears = a.bears_on_claim ?? cite?.bears_on_claim;
  return h('li', { class: 'cited-by' },
    h('div', { class: 'card-meta' }, stanceBadge(a.stance), levelBadge(a.level, a.level_label)),
    sourceLine(a.source, { assertion: a.id, post: a.post, postAuthor: a.post_author }),
    h('p', {}, 'cites it for: ', h('a', { href: href.claim(claim.id || ''), text: claim.statement || claim.id || '' })),
    a.quote ? h('blockquote', { class: 'quote', text: a.quote }) : null,
    bears === false ? h('p', { class: 'warn no-bearing', role: 'note' }, h('span', { 'aria-hidden': 'true', text: '⚠ ' }),
      'This study has no finding on that claim: the citation does not support what it is cited for.')
      : bears === true ? h('p', { class: 'ok', text: '✓ The study has a finding on this claim.' }) : null,
    a.source ? h('p', { class: 'interest-line' }, interestFlag(a.source.commercial_interest)) : null);
}

export async function renderStudy(main, params, ctx) {
  const j = await getJSON(`/api/studies/${encodeURIComponent(ctx.id)}`, null, { signal: ctx.signal });
  // The study's annotation and record may sit at several depths: take the first that has them.
  const layers = [j.study?.page?.study, j.study?.study, j.page?.study, j.study, j].filter((x) => x && typeof x === 'object');
  const st = layers.find((x) => x.design || x.record) || {};
  const src = j.study && typeof j.study === 'object' ? { ...j, ...j.study } : j;
  const id = src.id || ctx.id;
  const rec = st.record || src.record || {};
  const findings = j.findings ?? st.findings ?? await searchAll({ kind: 'assertion', source: id }, ctx.signal);
  const citedBy = j.cited_by ?? j.citedBy ?? j.cited ?? await searchAll({ kind: 'assertion', cites: id }, ctx.signal);
  const title = rec.title || src.title || id;
  const retracted = rec.retracted || src.retracted;
  const level = src.level ?? st.level;
  ctx.setTitle(title);
  main.append(h('article', { class: 'study-page' },
    h('p', { class: 'eyebrow', text: 'Study' }),
    h('h1', { tabindex: '-1', text: title }),
    h('p', { class: 'card-meta' }, level ? levelBadge(level, src.level_label) : null),
    st.design ? h('p', { class: 'study-gist muted', text: [st.design, st.sample_size].filter(Boolean).join(' · ') }) : null,
    retracted ? h('div', { class: 'warn-box', role: 'alert' }, h('strong', { text: '⚠ This study has been retracted. ' }),
      'Every claim and article that leans on it is flagged.',
      (rec.notices || []).length ? h('ul', {}, rec.notices.map((n) => h('li', { text: typeof n === 'string' ? n : [n.type, n.text || n.ref || n.citation].filter(Boolean).join(': ') }))) : null) : null,
    h('section', { 'aria-labelledby': 'findings-h' },
      h('h2', { id: 'findings-h', text: `Findings (${findings.length})` }),
      findings.length ? h('ul', { class: 'cards' }, findings.map((f) => {
        const claim = claimOf(f);
        return h('li', { class: `card finding stance-${f.stance}` },
          h('div', { class: 'card-meta' }, stanceBadge(f.stance), directnessBadge(f.directness)),
          h('h3', { class: 'card-title' }, h('span', { class: 'sr-only', text: `${STANCES[f.stance]?.label || ''}: ` }),
            h('a', { href: href.claim(claim.id || ''), text: claim.statement || claim.id || '' })),
          h('p', { text: f.finding || f.quote || '' }),
          readingNote(f.note));
      })) : h('p', { class: 'muted', text: 'No findings annotated.' })),
    h('section', { 'aria-labelledby': 'cited-h' },
      h('h2', { id: 'cited-h', text: `Who cites it, for what (${citedBy.length})` }),
      citedBy.length ? h('ul', { class: 'cards' }, citedBy.map((e) => citedByItem(e, id)))
        : h('p', { class: 'muted', text: 'No source in the corpus cites this study.' })),
    h('section', { 'aria-labelledby': 'record-h' },
      h('h2', { id: 'record-h', text: 'Record' }), recordList(rec)),
    h('section', { 'aria-labelledby': 'annotation-h' },
      h('h2', { id: 'annotation-h', text: 'Our annotation' }),
      h('dl', { class: 'record' },
        [['Design', st.design], ['Evidence level', level ? levelBadge(level, src.level_label) : null], ['Sample size', st.sample_size],
          ['Population', st.population],
          // identification_note and note are for reviewers (corpus/README.md, "Notes").
          ['Identified as the study the sources mean', st.identification ? (st.identification === 'certain' ? 'Yes, with certainty' : 'Uncertain') : null]]
          .filter(([, v]) => v).map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])))));
  return {};
}
