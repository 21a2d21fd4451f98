// What the evidence levels, stances, directness and certainty mean.

import { h } from '../dom.js';
import { LEVELS, DIRECTNESS, DIRECTNESS_TIP } from '../labels.js';

export async function renderLevels(main, params, ctx) {
  const sel = params.get('level');
  ctx.setTitle('Evidence levels');
  main.append(h('article', { class: 'levels-page' },
    h('h1', { tabindex: '-1', text: 'How to read the evidence' }),
    h('p', { class: 'lead', text: 'Every statement in a source is annotated with the claim it is about, whether it supports or opposes it, and the level of its own evidence. A practitioner’s article citing a trial is still expert opinion; the trial’s finding is counted once, on the trial.' }),
    h('section', { 'aria-labelledby': 'lv-h' },
      h('h2', { id: 'lv-h', text: 'Evidence levels (1 is strongest)' }),
      h('ol', { class: 'level-list' }, Object.entries(LEVELS).map(([n, l]) => h('li', {
        id: `level-${n}`, class: ['level-item', sel === n ? 'selected' : ''], 'aria-current': sel === n ? 'true' : null,
      }, h('span', { class: `badge level lv${n}` }, h('span', { class: 'level-num', text: `L${n}` }), ` ${l.name}`),
      h('p', { text: l.tip }))))),
    h('section', { 'aria-labelledby': 'dir-h' },
      h('h2', { id: 'dir-h', text: 'Directness' }),
      h('dl', { class: 'record' }, Object.entries(DIRECTNESS).map(([k, v]) => [h('dt', { text: v }), h('dd', { text: DIRECTNESS_TIP[k] })]))),
    h('section', { 'aria-labelledby': 'cert-h' },
      h('h2', { id: 'cert-h', text: 'Certainty of a claim' }),
      h('p', { text: 'Computed in the manner of GRADE, with every step shown on the claim’s page: it starts from the strongest direct evidence (levels 1–2: high; 3–4: low; 5–7: very low), goes down for inconsistency (strong sources disagree), indirectness (only surrogate or mechanistic evidence) and imprecision (a single small study), and states an evidence gap where no study of level 1–3 exists. Laboratory evidence never, on its own, makes a treatment look better than “very low”. There is no score.' })),
    h('section', { 'aria-labelledby': 'cite-h' },
      h('h2', { id: 'cite-h', text: 'Citations' }),
      h('p', { text: 'When a source cites a study, the citation is checked: “addresses this claim” means the study has a finding on the same claim; a warning means the study is cited for something it does not address, or has been retracted.' }))));
  return {
    after: () => {
      if (!sel) return;
      const el = main.querySelector(`#level-${CSS.escape(sel)}`);
      el?.scrollIntoView({ block: 'center' });
    },
  };
}
