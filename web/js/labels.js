// Words shown for the model's values (PRODUCT.md, "The model").

export const LEVELS = {
  1: { name: 'systematic review / meta-analysis', short: 'Systematic review',
    tip: 'Level 1 of 7, the strongest: a systematic review or meta-analysis pooling the results of several trials.' },
  2: { name: 'randomized controlled trial', short: 'Randomized trial',
    tip: 'Level 2 of 7: a randomized controlled trial — people assigned by chance to a treatment or a comparison.' },
  3: { name: 'cohort / controlled non-randomized study', short: 'Cohort study',
    tip: 'Level 3 of 7: a cohort or controlled study without randomization, e.g. runners followed over time.' },
  4: { name: 'case-control, cross-sectional, case series', short: 'Case series',
    tip: 'Level 4 of 7: a case-control or cross-sectional study or a case series, e.g. patients compared with controls at one time.' },
  5: { name: 'laboratory / anatomical / biomechanical study', short: 'Lab / anatomy',
    tip: 'Level 5 of 7: a laboratory, anatomical or biomechanical study (cadavers, imaging, gait lab). It can support how something works, never on its own that a treatment works.' },
  6: { name: 'expert opinion', short: 'Expert opinion',
    tip: "Level 6 of 7: expert opinion — a practitioner's reasoning or a narrative article, not a study of patients." },
  7: { name: 'anecdote', short: 'Anecdote',
    tip: 'Level 7 of 7, the weakest: an anecdote — one person’s experience, such as a forum post or a testimonial.' },
};

export function levelName(level) {
  return LEVELS[level]?.name ?? (level ? `level ${level}` : 'no level');
}

export const STANCES = {
  supports: { label: 'Supports', word: 'for', symbol: '+' },
  opposes: { label: 'Opposes', word: 'against', symbol: '−' },
  mixed: { label: 'Mixed', word: 'mixed', symbol: '±' },
};

export const DIRECTNESS = {
  direct: 'Direct',
  'indirect-population': 'Indirect: another population',
  'surrogate-outcome': 'Indirect: surrogate outcome',
  mechanistic: 'Mechanistic only',
};

export const DIRECTNESS_TIP = {
  direct: 'The statement is about the claim itself, in the people it is about.',
  'indirect-population': 'Evidence from another population, e.g. healthy volunteers for a claim about injured runners.',
  'surrogate-outcome': 'Evidence on a stand-in outcome, e.g. band strain rather than pain.',
  mechanistic: 'Reasoning or lab evidence about how something might work, not whether it does.',
};

export const SOURCE_TYPES = {
  article: 'Article', 'forum-thread': 'Forum thread', study: 'Study', review: 'Review',
  guideline: 'Guideline', video: 'Video', podcast: 'Podcast',
};

export const KINDS = { assertion: 'Statements', claim: 'Claims', source: 'Sources' };

export const INTEREST = { yes: 'Has a commercial interest', no: 'No commercial interest', unknown: 'Not stated' };

export const CLAIM_TYPES = {
  efficacy: 'Efficacy', prevention: 'Prevention', cause: 'Cause', mechanism: 'Mechanism', anatomy: 'Anatomy',
  diagnosis: 'Diagnosis', prognosis: 'Prognosis', harm: 'Harm',
};

// Facets in the order they are shown, with their headings. The server's
// facet table (schema::kFields) is the source: every search response carries
// it as `facet_fields`, and setFacetFields() puts it here. This copy only
// serves the first paint, before any response.
export const FACETS = [
  ['kind', 'Show'],
  ['topic', 'Topic'],
  ['stance', 'Stance'],
  ['level', 'Evidence level'],
  ['type', 'Source type'],
  ['interest', 'Commercial interest'],
  ['claim_type', 'Claim type'],
  ['directness', 'Directness'],
  ['population', 'Population studied'],
  ['outcome', 'Outcome measured'],
  ['claim', 'Claim'],
  ['site', 'Site'],
  ['year', 'Year'],
];

export const FACET_NAMES = FACETS.map(([name]) => name);

export function setFacetFields(fields) {
  if (!Array.isArray(fields) || !fields.length) return;
  FACETS.splice(0, FACETS.length, ...fields.map((f) => [f.name, f.label]));
  FACET_NAMES.splice(0, FACET_NAMES.length, ...fields.map((f) => f.name));
}

// A facet value's words: the label the API gives (from the facet table),
// else the fallbacks below for values shown without a response (chips).
export function facetValueLabel(facet, value, label) {
  if (facet === 'level') return `${value} · ${label && label !== value ? label : levelName(Number(value))}`;
  if (label && label !== value) return label;
  switch (facet) {
    case 'stance': return STANCES[value]?.label ?? value;
    case 'kind': return KINDS[value] ?? value;
    case 'type': return SOURCE_TYPES[value] ?? value;
    case 'interest': return INTEREST[value] ?? value;
    case 'claim_type': return CLAIM_TYPES[value] ?? value;
    case 'directness': return DIRECTNESS[value] ?? value;
    default: return humanise(value);
  }
}

// "foam-rolling-resolves-itbs" -> "foam rolling resolves itbs", for ids shown without a label.
export function humanise(slug) {
  const s = String(slug ?? '').replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const CERTAINTY = {
  high: 'High', moderate: 'Moderate', low: 'Low', 'very low': 'Very low', 'very-low': 'Very low', none: 'No evidence',
};

// Which way the evidence carrying a rating points (certainty.direction).
export const DIRECTION = { for: 'evidence for', against: 'evidence against', mixed: 'evidence both ways' };

// A cited study's own stance on the claim (cites[].study_stance).
export const STUDY_STANCE = { supports: 'supports', opposes: 'opposes', mixed: 'is mixed on', 'does not address': 'does not address' };
