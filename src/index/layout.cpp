#include "index/layout.hpp"

#include <functional>
#include <sstream>

#include "model/schema.hpp"

namespace evidence::index {

namespace {

// Bump when what a document is built from changes without the schema changing.
constexpr int kLayoutVersion = 3;  // 2: model/text's word splitter joins digit separators and &; 3: claim hashes

// The fingerprint below names every field of the model that documents.cpp
// reads. A field added to one of these types must be added here too (or a
// change to it would not reach the index until `evidence index --full`):
// these sizes fail the build as a reminder.
static_assert(sizeof(Source) == 1184, "a field was added to Source: hash it in source_fingerprint");
static_assert(sizeof(Assertion) == 448, "a field was added to Assertion: hash it in source_fingerprint");
static_assert(sizeof(StudyInfo) == 696, "a field was added to StudyInfo: hash it in source_fingerprint");
static_assert(sizeof(StudyRecord) == 400, "a field was added to StudyRecord: hash it in source_fingerprint");
static_assert(sizeof(Post) == 168, "a field was added to Post: hash it in source_fingerprint");
static_assert(sizeof(Citation) == 112, "a field was added to Citation: hash it in source_fingerprint");
static_assert(sizeof(Claim) == 192 + sizeof(std::vector<std::string>),
              "a field was added to Claim: hash it in source_fingerprint and claim_fingerprint");
static_assert(sizeof(Topic) == 144, "a field was added to Topic: hash it in source_fingerprint");

class Hasher {
public:
    Hasher& add(std::string_view s) {
        mix(std::hash<std::string_view>{}(s));
        mix(s.size());
        return *this;
    }
    Hasher& add(std::uint64_t n) {
        mix(n ^ 0x9E3779B97F4A7C15ULL);
        return *this;
    }
    Hasher& add(const std::vector<std::string>& v) {
        add(static_cast<std::uint64_t>(v.size()));
        for (const auto& s : v) add(s);
        return *this;
    }
    std::uint64_t value() const { return h_; }

private:
    void mix(std::uint64_t x) {
        h_ ^= x + 0x9E3779B97F4A7C15ULL + (h_ << 6) + (h_ >> 2);
        h_ *= 0xBF58476D1CE4E5B9ULL;
        h_ ^= h_ >> 31;
    }
    std::uint64_t h_ = 1469598103934665603ULL;
};

std::uint64_t u(int n) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(n)); }

void add_study(Hasher& h, const StudyInfo& st) {
    h.add(st.design).add(st.sample_size).add(st.population).add(st.identification_certain ? 1 : 0);
    h.add(st.identification_note);
    h.add(to_string(st.design_type)).add(st.includes).add(st.participants ? 1 : 0);
    h.add(st.participants ? static_cast<std::uint64_t>(*st.participants) : 0).add(st.participants_applicable ? 1 : 0);
    h.add(static_cast<std::uint64_t>(st.populations.size()));
    for (Population p : st.populations) h.add(to_string(p));
    h.add(to_string(st.risk_of_bias)).add(st.risk_of_bias_reason);
    const StudyRecord& r = st.record;
    h.add(r.pmid).add(r.doi).add(r.pmcid).add(r.title).add(r.journal).add(r.year).add(r.volume).add(r.issue);
    h.add(r.pages).add(r.kind).add(r.publication_types).add(r.retracted ? 1 : 0).add(r.notices);
    h.add(static_cast<std::uint64_t>(r.authors.size()));
    for (const auto& a : r.authors) h.add(a.family).add(a.given).add(a.literal);
}

}  // namespace

std::uint64_t global_fingerprint(const Corpus& c) {
    Hasher h;
    h.add(u(kLayoutVersion)).add(u(schema::kVersion));
    h.add(static_cast<std::uint64_t>(c.synonyms.size()));
    for (const auto& g : c.synonyms) h.add(g.terms);
    return h.value();
}

std::uint64_t source_fingerprint(const CorpusView& v, const Source& s) {
    Hasher h;
    h.add(s.id).add(to_string(s.type)).add(s.title).add(s.authors).add(s.site).add(s.url).add(s.published);
    h.add(s.credentials).add(s.commercial_interest).add(s.note).add(s.markdown).add(s.html).add(s.text);
    h.add(u(s.level));
    h.add(static_cast<std::uint64_t>(s.posts.size()));
    for (const auto& p : s.posts) h.add(p.id).add(p.author).add(p.markdown).add(p.html).add(p.text).add(u(p.line));
    h.add(s.study ? 1 : 0);
    if (s.study) add_study(h, *s.study);
    h.add(static_cast<std::uint64_t>(s.assertions.size()));
    for (const auto& a : s.assertions) {
        h.add(a.id).add(a.post).add(a.claim).add(to_string(a.stance)).add(a.quote).add(a.prefix).add(a.suffix);
        h.add(a.finding).add(u(a.level)).add(to_string(a.directness)).add(a.quote_offset).add(u(a.quote_line));
        h.add(a.note).add(a.review_note).add(a.outcome ? to_string(*a.outcome) : std::string_view("-"));
        h.add(static_cast<std::uint64_t>(a.population.size()));
        for (Population p : a.population) h.add(to_string(p));
        if (const Claim* c = v.claim(a.claim)) {
            h.add(c->statement).add(to_string(c->type)).add(c->topics);
            for (const auto& t : c->topics)
                if (const Topic* topic = v.topic(t)) h.add(topic->label);
        }
        h.add(static_cast<std::uint64_t>(a.cites.size()));
        for (const auto& cite : a.cites) {
            h.add(cite.study).add(cite.unresolved).add(cite.guessed ? 1 : 0);
            if (const Source* st = v.source(cite.study)) {
                h.add(st->title).add(u(st->level)).add(v.retracted(cite.study) ? 1 : 0).add(st->year());
                // The citation's short name ("Beers et al. 2008") reads the first authors.
                if (st->study) {
                    const auto& authors = st->study->record.authors;
                    h.add(static_cast<std::uint64_t>(authors.size()));
                    for (std::size_t i = 0; i < authors.size() && i < 2; ++i)
                        h.add(authors[i].family).add(authors[i].literal);
                }
            }
            h.add(v.study_bears_on(cite.study, a.claim) ? 1 : 0).add(v.study_stance(cite.study, a.claim));
        }
    }
    return h.value();
}

std::uint64_t claim_fingerprint(const CorpusView& v, const Claim& c, const std::vector<Block>& blocks) {
    Hasher h;
    h.add(c.id).add(c.statement).add(to_string(c.type)).add(c.topics).add(c.competes).add(c.phrasings).add(c.note);
    h.add(c.place.file).add(u(c.place.line));
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) h.add(topic->label);
    h.add(v.competitors(c.id));
    const auto& evidence = v.evidence(c.id);
    h.add(static_cast<std::uint64_t>(evidence.size()));
    const Source* first = v.corpus.sources.data();
    for (const auto& e : evidence) {
        // The source's fingerprint covers its assertions and what they cite
        // (a study's retraction too); the position names the assertion.
        const auto i = static_cast<std::size_t>(e.source - first);
        h.add(e.source->id).add(i < blocks.size() ? blocks[i].hash : 0);
        h.add(static_cast<std::uint64_t>(e.assertion - e.source->assertions.data()));
    }
    return h.value();
}

std::uint64_t document_hash(const Xapian::Document& doc) { return Hasher().add(doc.serialise()).value(); }

Layout fresh_layout(const CorpusView& v) {
    Layout l;
    l.global = global_fingerprint(v.corpus);
    l.claims = static_cast<Xapian::docid>(v.corpus.claims.size());
    // Room for the claims to double (at least 64 more) before a full rebuild.
    l.claims_reserved = l.claims + std::max<Xapian::docid>(64, l.claims);
    Xapian::docid next = l.claims_reserved + kGap + 1;
    l.sources.reserve(v.corpus.sources.size());
    for (const auto& s : v.corpus.sources) {
        const Xapian::docid n = documents_of(s);
        l.sources.push_back({s.id, next, n, source_fingerprint(v, s)});
        next += n + kGap;
    }
    l.claim_hashes.resize(v.corpus.claims.size());
    for (std::size_t i = 0; i < v.corpus.claims.size(); ++i)
        l.claim_hashes[i].inputs = claim_fingerprint(v, v.corpus.claims[i], l.sources);
    return l;
}

std::string Layout::serialise() const {
    std::string out = "evidence-layout " + std::to_string(kLayoutVersion) + " " + std::to_string(global) + " " +
                      std::to_string(claims_reserved) + " " + std::to_string(claims) + " " +
                      std::to_string(sources.size()) + "\n";
    for (const auto& b : sources)
        out +=
            b.id + " " + std::to_string(b.start) + " " + std::to_string(b.count) + " " + std::to_string(b.hash) + "\n";
    out += "claims " + std::to_string(claim_hashes.size());
    for (const auto& h : claim_hashes) out += " " + std::to_string(h.inputs) + " " + std::to_string(h.document);
    return out + "\n";
}

std::optional<Layout> Layout::parse(const std::string& text) {
    std::istringstream in(text);
    std::string magic;
    int version = 0;
    std::size_t n = 0;
    Layout l;
    if (!(in >> magic >> version >> l.global >> l.claims_reserved >> l.claims >> n) || magic != "evidence-layout" ||
        version != kLayoutVersion)
        return std::nullopt;
    l.sources.resize(n);
    for (auto& b : l.sources)
        if (!(in >> b.id >> b.start >> b.count >> b.hash)) return std::nullopt;
    std::string word;
    if (!(in >> word >> n) || word != "claims" || n > l.claims) return std::nullopt;
    l.claim_hashes.resize(n);
    for (auto& h : l.claim_hashes)
        if (!(in >> h.inputs >> h.document)) return std::nullopt;
    return l;
}

}  // namespace evidence::index
