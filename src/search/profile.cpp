#include "search/profile.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <set>
#include <unordered_map>

#include "model/schema.hpp"
#include "search/natural.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

// Ranking on profiles (ProfileMode::Full), set on the development questions
// and draft sentences of tests/eval: BM25's k1 and b. (The statement's own
// terms were weighed again beside the profile's until claims had phrasings,
// model.hpp; with them, it ranked no better on any development set.)
constexpr double kK1 = 3.0, kB = 0.5, kMinNormLength = 0.5;

// The profile term of one word as the TermGenerator writes it: the stem
// under "Z" + prefix, or the word itself when it starts with a digit (which
// the TermGenerator does not stem).
std::string word_term(const std::string& word, std::string_view field = sc::kProfilePrefix) {
    thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
    const std::string prefix(field);
    if (!word.empty() && word[0] >= '0' && word[0] <= '9') return prefix + word;
    return "Z" + prefix + stem(word);
}

// The claims matched so far, by document: their stored fields read and
// parsed once per open index (Searcher::memo), not once per match.
struct ClaimDocs {
    mutable std::unordered_map<Xapian::docid, std::shared_ptr<const Stored>> by_doc;
};

std::shared_ptr<const Stored> claim_doc(const ClaimDocs& docs, const Xapian::Database& db, Xapian::docid id) {
    auto found = docs.by_doc.find(id);
    if (found == docs.by_doc.end()) {
        const Xapian::Document doc = db.get_document(id);
        found = docs.by_doc
                    .emplace(
                        id, std::make_shared<const Stored>(Stored{doc.get_value(0), doc.get_value(sc::kSlotId),
                                                                  nlohmann::json::parse(doc.get_value(sc::kSlotData))}))
                    .first;
    }
    return found->second;
}

// The claims' profiles copied into an in-memory Xapian database, at most
// once per open index and searcher (Searcher::memo; when it pays:
// ProfileUse below), so that matching a sentence or a question looks its
// ~30 terms up in memory: on the index on disk each term costs
// B-tree reads through the kernel (pread), about three quarters of a
// claim query's time (docs/BENCHMARKS.md, "Questions and claim matching").
// A claim ranks as it does on the index itself: its document length is
// kept (a padding term holds the length of the fields not copied), and each
// term's idf is computed from the whole index's statistics and given in the
// query (weighed_query, ProfileWeight), on the copy as on the index.
struct ProfileIndex {
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    // By in-memory docid - 1: the claim's document in the index. Profile
    // terms are only on claims: their frequency in the copy is the index's.
    std::vector<Xapian::docid> index_docid;
};

constexpr std::string_view kPaddingTerm = "XPRPAD\x01";

// The terms a claim query can hold (word_term): the stems of the profile
// field, and its words that start with a digit (not stemmed). Its other
// unstemmed words are never queried: not copied.
bool queried_term(const std::string& t) {
    const std::string field(sc::kProfilePrefix);
    if (t.compare(0, field.size() + 1, "Z" + field) == 0) return true;
    return t.size() > field.size() && t.compare(0, field.size(), field) == 0 && t[field.size()] >= '0' &&
           t[field.size()] <= '9';
}

// The filters a claim query can have (the answer's): their terms are copied.
bool filter_term(const std::string& t) {
    for (const char* name : kClaimFilterFields) {
        const std::string_view prefix = sc::field(name)->prefix;
        if (t.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
}

std::shared_ptr<const ProfileIndex> build_profile_index(const Xapian::Database& db) {
    auto out = std::make_shared<ProfileIndex>();
    const std::string kind = sc::filter_term(*sc::field("kind"), sc::kKindClaim);
    for (auto p = db.postlist_begin(kind); p != db.postlist_end(kind); ++p) {
        const Xapian::Document doc = db.get_document(*p);
        Xapian::Document copy;
        Xapian::termcount rest = db.get_doclength(*p);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            const Xapian::termcount wdf = t.get_wdf();
            if (wdf == 0) {
                if (filter_term(term)) copy.add_boolean_term(term);
            } else if (queried_term(term)) {
                copy.add_term(term, wdf);
                rest -= std::min(rest, wdf);
            }
        }
        if (rest > 0) copy.add_term(std::string(kPaddingTerm), rest);
        out->db.add_document(copy);
        out->index_docid.push_back(*p);
    }
    return out;
}

// BM25's idf as Xapian's BM25Weight computes it (1.4, no relevance set).
double bm25_idf(double collection_size, double termfreq) {
    double tw = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    return std::log(tw);
}

// Xapian's BM25Weight (1.4: k2 = 0, k3 = 1, no relevance set), with the idf
// of each term given as its weight in the query (OP_SCALE_WEIGHT) instead
// of computed from the database searched, and the average document length
// of the index the claims were copied from.
class ProfileWeight : public Xapian::Weight {
public:
    ProfileWeight(double k1, double b, double min_normlen, double average_length)
        : k1_(k1), b_(b), min_normlen_(min_normlen), average_(average_length) {
        need_stat(DOC_LENGTH);
        need_stat(DOC_LENGTH_MIN);
        need_stat(WDF);
        need_stat(WDF_MAX);
        need_stat(WQF);
    }
    ProfileWeight* clone() const override { return new ProfileWeight(k1_, b_, min_normlen_, average_); }
    void init(double factor) override {
        const double wqf = get_wqf();
        termweight_ = factor * (kK3 + 1) * wqf / (kK3 + wqf) * (k1_ + 1);
        len_factor_ = average_ > 0 ? 1 / average_ : 0;
    }
    std::string name() const override { return "evidence::ProfileWeight"; }
    double get_sumpart(Xapian::termcount wdf, Xapian::termcount len, Xapian::termcount) const override {
        return part(wdf, std::max(len * len_factor_, min_normlen_));
    }
    double get_maxpart() const override {
        const double wdf_max = get_wdf_upper_bound();
        return part(wdf_max,
                    std::max(std::max<double>(wdf_max, get_doclength_lower_bound()) * len_factor_, min_normlen_));
    }
    double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxextra() const override { return 0; }

private:
    double part(double wdf, double normlen) const {
        return termweight_ * (wdf / (k1_ * (normlen * b_ + (1 - b_)) + wdf));
    }
    static constexpr double kK3 = 1;
    double k1_, b_, min_normlen_, average_;
    double termweight_ = 0, len_factor_ = 0;
};

Xapian::Query words_query(const std::vector<std::string>& terms) {
    std::vector<Xapian::Query> qs(terms.begin(), terms.end());
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
}

}  // namespace

namespace {

std::vector<std::vector<std::string>> compute_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                           std::string_view field) {
    auto terms = [&](const std::vector<std::string>& words) {
        std::vector<std::string> out;
        for (const auto& w : words) out.push_back(word_term(w, field));
        return out;
    };
    std::vector<std::vector<std::string>> alts = {terms(u.words)};
    if (synonyms) {
        std::set<std::string> seen = {u.text};
        auto add = [&](const std::string& key) {
            const auto it = lex.synonyms.find(key);
            if (it == lex.synonyms.end()) return;
            for (const auto& t : it->second) {
                if (!seen.insert(t).second) continue;
                std::vector<std::string> words;
                for (auto& w : words_of(t)) words.push_back(std::move(w.text));
                if (!words.empty()) alts.push_back(terms(words));
            }
        };
        thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
        add(u.text);
        if (u.words.size() == 1) add("Z" + stem(u.text));
    }
    return alts;
}

// Units whose alternatives the lexicon keeps (a text's words: past this
// many, the kept ones are dropped and computed again as they come).
constexpr std::size_t kMaxKeptUnits = 20000;

}  // namespace

std::vector<std::vector<std::string>> unit_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                        std::string_view field) {
    std::string key(field);
    key += '\x1f';
    key += synonyms ? '1' : '0';
    key += u.text;
    for (const auto& w : u.words) key += '\x1e' + w;
    if (const auto it = lex.alternatives.find(key); it != lex.alternatives.end()) return it->second;
    if (lex.alternatives.size() >= kMaxKeptUnits) lex.alternatives.clear();
    return lex.alternatives.emplace(std::move(key), compute_alternatives(lex, u, synonyms, field)).first->second;
}

namespace {

// One unit of a text as a query from its alternatives: each one's terms
// ANDed, all of them weighted as one term (OP_SYNONYM, as Xapian's
// QueryParser does for its synonyms).
Xapian::Query alternatives_query(const std::vector<std::vector<std::string>>& alts) {
    std::vector<Xapian::Query> qs;
    for (const auto& a : alts) qs.push_back(words_query(a));
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end());
}

// alternatives_query() with each term, or each synonym group as a whole,
// weighted by its idf in the index, its frequency read from the copy `p`
// when there is one (the same: ProfileIndex). A group's frequency is
// estimated as Xapian does for OP_SYNONYM: its alternatives independent,
// each alternative's words independent.
// With `xapian_idf` the query leaves the idf to the weighting scheme
// (Xapian's BM25Weight, over a remote shard).
Xapian::Query weighed_query(const ProfileIndex* p, const Xapian::Database& index,
                            const std::vector<std::vector<std::string>>& alts, bool xapian_idf) {
    if (xapian_idf) return alternatives_query(alts);
    const double n = index.get_doccount();
    auto termfreq = [&](const std::string& t) -> double { return p ? p->db.get_termfreq(t) : index.get_termfreq(t); };
    auto scaled = [&](Xapian::Query q, double freq) {
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, bm25_idf(n, freq));
    };
    if (alts.size() == 1) {
        std::vector<Xapian::Query> qs;
        for (const auto& t : alts.front()) qs.push_back(scaled(Xapian::Query(t), termfreq(t)));
        if (qs.size() == 1) return qs.front();
        return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
    }
    double group = 0;
    for (const auto& a : alts) {
        double f = termfreq(a.front());
        for (std::size_t i = 1; i < a.size(); ++i) f = std::floor(f * termfreq(a[i]) / n + 0.5);
        group = std::floor(group + f - group * f / n + 0.5);
    }
    return scaled(alternatives_query(alts), group);
}

// A text to match, and its units when they are read already.
struct Text {
    std::string_view text;
    const std::vector<Unit>* units = nullptr;
};

// The OR query of a text's words on the claim profiles; empty when it has
// none. `words` gets the number of distinct words (units) queried. With
// ProfileMode::Full (and FullOnIndex, FullInMemory), each word with its
// synonyms is one term, weighed (weighed_query) with the statistics of
// `index`, for the in-memory copy of its profiles `p`, or for the index
// itself when `p` is null; with Baseline (the evaluation's naive baseline),
// each word not a stop word is a term for the index itself.
Xapian::Query profile_query(const Lexicon& lex, const Text& text, ProfileMode mode, const ProfileIndex* p,
                            const Xapian::Database& index, std::size_t* words, bool xapian_idf) {
    std::vector<Xapian::Query> parts;
    std::set<std::string> seen;
    if (mode == ProfileMode::Baseline) {
        for (const auto& w : words_of(text.text)) {
            if (stop_words().count(w.text) || !seen.insert(w.text).second) continue;
            parts.push_back(Xapian::Query(word_term(w.text)));
        }
    } else {
        for (const auto& u : text.units ? *text.units : units_of(text.text, lex)) {
            if (u.filler || !seen.insert(u.text).second) continue;
            parts.push_back(weighed_query(p, index, unit_alternatives(lex, u, true), xapian_idf));
        }
    }
    if (words) *words = parts.size();
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace

namespace {

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// When to make the in-memory copy (ProfileMode::Full): a searcher first runs
// its claim queries on the index, and makes the copy once they have taken
// as much CPU time as the copy is expected to (rent, then buy): a one-off
// question or a short text does not pay for it (7 ms for the bundled
// corpus's 93 claims, about 110 ms for 300 claims of 60 quotes), a server
// answering many does, and never spends more than about twice the better of
// the two. The expectation is the last copy's time in this process, or
// kFirstCopyMs before any.
constexpr double kFirstCopyMs = 10;
std::atomic<double> last_copy_ms{kFirstCopyMs};

struct ProfileUse {
    mutable std::shared_ptr<const ProfileIndex> copy;
    mutable double on_index_ms = 0;  // CPU time of claim queries on the index so far
};

std::vector<ScoredClaim> match(Searcher& s, const Text& text, std::size_t limit, ProfileMode mode,
                               const Xapian::Query& filter, std::size_t min_words) {
    std::vector<ScoredClaim> out;
    s.with_index([&](const Xapian::Database& db, QueryBuilder& qb) {
        out.clear();
        const double started = thread_cpu_ms();
        const auto use = std::static_pointer_cast<const ProfileUse>(
            s.memo("profile-use", [] { return std::make_shared<const ProfileUse>(); }));
        // A remote shard's server runs only Xapian's own weighting schemes,
        // not ProfileWeight, and copying the profiles over the network costs
        // seconds (thousands of round trips at 10k sources): over one, claim
        // queries run on the index with Xapian's BM25Weight, the same
        // parameters and Xapian's own idf. It ranks as ProfileWeight but
        // for the idf of a synonym group, estimated by Xapian at match time
        // (weights within about 1.5%).
        const bool remote = s.has_remote_shard() && mode != ProfileMode::Baseline;
        const bool in_memory =
            !remote && (mode == ProfileMode::FullInMemory ||
                        (mode == ProfileMode::Full && (use->copy || use->on_index_ms >= last_copy_ms.load())));
        if (in_memory && !use->copy) {
            use->copy = build_profile_index(db);
            last_copy_ms.store(thread_cpu_ms() - started);
        }
        const ProfileIndex* copy = in_memory ? use->copy.get() : nullptr;
        std::size_t words = 0;
        const Xapian::Query q = profile_query(qb.lexicon(), text, mode, copy, db, &words, remote);
        if (q.empty() || words < min_words) return;
        const auto docs = std::static_pointer_cast<const ClaimDocs>(
            s.memo("profile-claim-docs", [] { return std::make_shared<const ClaimDocs>(); }));
        const auto mset_size = static_cast<Xapian::doccount>(limit);
        // Less saturation than Xapian's default BM25 (k1 = 1): a word the
        // statement holds (three times) and sources repeat counts for more
        // than a word one quote mentions in passing. Measured in `make eval`.
        const ProfileWeight weight(kK1, kB, kMinNormLength, db.get_avlength());
        Xapian::MSet mset;
        if (copy) {
            Xapian::Enquire enq(copy->db);
            enq.set_weighting_scheme(weight);
            enq.set_query(filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter));
            mset = enq.get_mset(0, mset_size);
        } else {
            // On the index itself: the naive baseline with Xapian's default
            // BM25, or Full's ranking as on the copy.
            Xapian::Query claims(sc::filter_term(*sc::field("kind"), sc::kKindClaim));
            if (!filter.empty()) claims = Xapian::Query(Xapian::Query::OP_AND, claims, filter);
            Xapian::Enquire enq(db);
            if (remote)
                enq.set_weighting_scheme(Xapian::BM25Weight(kK1, 0, 1, kB, kMinNormLength));
            else if (mode != ProfileMode::Baseline)
                enq.set_weighting_scheme(weight);
            enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, claims));
            mset = enq.get_mset(0, mset_size);
        }
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ScoredClaim c;
            c.claim = claim_doc(*docs, db, copy ? copy->index_docid[*it - 1] : *it);
            c.weight = it.get_weight();
            c.percent = it.get_percent();
            c.words = words;
            out.push_back(std::move(c));
        }
        if (mode == ProfileMode::Full && !copy) use->on_index_ms += thread_cpu_ms() - started;
    });
    return out;
}

}  // namespace

std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit, ProfileMode mode,
                                      const Xapian::Query& filter, std::size_t min_words) {
    return match(s, Text{text}, limit, mode, filter, min_words);
}

std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit, ProfileMode mode) {
    return match(s, Text{text}, limit, mode, Xapian::Query(), 0);
}

bool profiles_copied(Searcher& s) {
    const auto use = std::static_pointer_cast<const ProfileUse>(
        s.memo("profile-use", [] { return std::make_shared<const ProfileUse>(); }));
    return use->copy != nullptr;
}

std::vector<ScoredClaim> match_claims(Searcher& s, const std::vector<Unit>& units, std::size_t limit,
                                      std::size_t min_words, ProfileMode mode) {
    return match(s, Text{{}, &units}, limit, mode, Xapian::Query(), min_words);
}

}  // namespace evidence::search
