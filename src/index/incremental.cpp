#include "index/incremental.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_map>
#include <vector>

#include "model/schema.hpp"

namespace evidence::index {

namespace fs = std::filesystem;
namespace sc = evidence::schema;

namespace {

// Ids stay below this so that searching up to 16 such databases as one
// (Xapian interleaves their ids) cannot overflow a 32-bit document id.
constexpr Xapian::docid kMaxId = std::numeric_limits<Xapian::docid>::max() / 16;

// A word the spelling table holds, as the full build chooses them
// (indexer.cpp, write_spelling): unprefixed, not a multi-word synonym variant.
bool spelling_word(const std::string& term) {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.find(' ') == std::string::npos;
}

// Where every source goes in the updated database. A source keeps its block
// when it is still in corpus order after the sources kept before it;
// others (new, moved) are placed in the free ids between kept neighbours.
struct Plan {
    Layout next;
    std::vector<bool> rewrite;          // by source: write its documents
    std::vector<Xapian::docid> vacate;  // old ids to delete (sources'; update_build adds the claims')
};

bool plan_update(const CorpusView& v, const Layout& old, Plan& plan, std::string& why) {
    const Corpus& c = v.corpus;
    const std::size_t n = c.sources.size();
    std::unordered_map<std::string, const Block*> before;
    for (const auto& b : old.sources) before.emplace(b.id, &b);

    Layout& next = plan.next;
    next.global = old.global;
    next.claims_reserved = old.claims_reserved;
    next.claims = static_cast<Xapian::docid>(c.claims.size());
    next.sources.resize(n);
    plan.rewrite.assign(n, true);
    std::vector<const Block*> anchor(n, nullptr);
    std::unordered_map<std::string, bool> kept_old;  // old id -> its block stays where it is

    // The sources that keep their blocks: the longest run, in corpus order,
    // of sources whose old blocks are in increasing order (a renamed file
    // moves one source; the others stay).
    std::vector<Xapian::docid> old_start(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const Source& s = c.sources[i];
        next.sources[i] = {s.id, 0, documents_of(s), source_fingerprint(v, s)};
        if (const auto it = before.find(s.id); it != before.end()) old_start[i] = it->second->start;
    }
    std::vector<std::size_t> tails, prev(n, n);  // indices of the smallest tail of each length
    for (std::size_t i = 0; i < n; ++i) {
        if (!old_start[i]) continue;
        const auto pos = std::lower_bound(tails.begin(), tails.end(), old_start[i],
                                          [&](std::size_t k, Xapian::docid x) { return old_start[k] < x; });
        if (pos != tails.begin()) prev[i] = *(pos - 1);
        if (pos == tails.end())
            tails.push_back(i);
        else
            *pos = i;
    }
    for (std::size_t i = tails.empty() ? n : tails.back(); i < n; i = prev[i]) {
        const Block* b = before.at(c.sources[i].id);
        anchor[i] = b;
        next.sources[i].start = b->start;
        plan.rewrite[i] = b->hash != next.sources[i].hash;
        kept_old[b->id] = !plan.rewrite[i];
    }
    // The sources between two anchored ones go into the ids between them.
    Xapian::docid lo = old.claims_reserved;  // last id in use before the run
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        Xapian::docid need = 0;
        while (j < n && !anchor[j]) need += next.sources[j++].count;
        const std::size_t run = j - i;
        if (run > 0) {
            Xapian::docid gap = kGap;
            if (j < n) {
                const Xapian::docid free = anchor[j]->start - lo - 1;
                if (free < need) {
                    why = "no room left between the sources around '" + c.sources[i].id + "'";
                    return false;
                }
                gap = std::min<Xapian::docid>(kGap, (free - need) / static_cast<Xapian::docid>(run + 1));
            }
            for (std::size_t k = i; k < j; ++k) {
                next.sources[k].start = lo + gap + 1;
                lo = next.sources[k].start + next.sources[k].count - 1;
            }
        }
        if (j < n) {
            const Block& b = next.sources[j];
            const Xapian::docid limit = j + 1 < n && anchor[j + 1] ? anchor[j + 1]->start : 0;
            if (limit && b.start + b.count > limit) {
                why = "source '" + b.id + "' outgrew the room of its documents";
                return false;
            }
            lo = b.start + b.count - 1;
            // The old block may have been longer: its ids stay free.
            lo = std::max(lo, anchor[j]->start + anchor[j]->count - 1);
        }
        i = j + 1;
    }
    if (lo >= kMaxId) {
        why = "document ids are spent";
        return false;
    }
    for (const auto& b : old.sources) {
        const auto it = kept_old.find(b.id);
        if (it != kept_old.end() && it->second) continue;
        for (Xapian::docid k = 0; k < b.count; ++k) plan.vacate.push_back(b.start + k);
    }
    return true;
}

}  // namespace

bool update_build(const CorpusView& v, const std::vector<fs::path>& live,
                  const std::map<std::string, std::string>& history, const std::string& run, IndexStats& stats,
                  std::string& why) {
    const Corpus& c = v.corpus;
    const auto n = static_cast<unsigned>(live.size());
    std::optional<Layout> old;
    std::string last_run;
    for (const auto& l : live) {
        Xapian::Database db(l.string());
        if (db.get_metadata(std::string(sc::kVersionKey)) != std::to_string(sc::kVersion)) {
            why = "the live index has another schema version";
            return false;
        }
        const std::string r = db.get_metadata(std::string(kRunKey));
        if (old && r != last_run) {
            why = "the shards were last written by different runs (one was interrupted)";
            return false;
        }
        if (old) continue;  // the shards of one run share the layout
        last_run = r;
        old = Layout::parse(db.get_metadata(std::string(kLayoutKey)));
        if (!old) {
            why = "the live index records no layout";
            return false;
        }
    }
    if (old->global != global_fingerprint(c)) {
        why = "the synonym list changed";
        return false;
    }
    if (c.claims.size() > old->claims_reserved) {
        why = "more claims than the index has room for";
        return false;
    }
    // The live codes, extended: the documents this run leaves keep theirs.
    try {
        FacetCodes codes =
            FacetCodes::parse(Xapian::Database(live.front().string()).get_metadata(std::string(kCodesKey)));
        codes.extend(c);
        v.codes() = codes;
    } catch (const std::runtime_error& e) {
        why = std::string("the live index's facet codes are unreadable (") + e.what() + ")";
        return false;
    }
    Plan plan;
    if (!plan_update(v, *old, plan, why)) return false;

    // The claims whose inputs changed are built again (an edit changes the
    // evidence of a few claims, most often), and rewritten where their
    // document changed.
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::vector<std::pair<Xapian::docid, Xapian::Document>> claims;
    plan.next.claim_hashes.resize(c.claims.size());
    for (std::size_t i = 0; i < c.claims.size(); ++i) {
        auto& next = plan.next.claim_hashes[i];
        next.inputs = claim_fingerprint(v, c.claims[i], plan.next.sources);
        const bool had = i < old->claims && i < old->claim_hashes.size();
        if (had && old->claim_hashes[i].inputs == next.inputs) {
            next.document = old->claim_hashes[i].document;
            continue;
        }
        Xapian::Document doc = claim_document(v, c.claims[i], tg);
        next.document = document_hash(doc);
        ++stats.claims_built;
        if (had && old->claim_hashes[i].document == next.document) continue;
        const auto id = static_cast<Xapian::docid>(i + 1);
        if (i < old->claims) plan.vacate.push_back(id);
        claims.emplace_back(id, std::move(doc));
    }
    for (Xapian::docid id = static_cast<Xapian::docid>(c.claims.size()) + 1; id <= old->claims; ++id)
        plan.vacate.push_back(id);

    // The live builds updated in place, each change inside a transaction:
    // readers keep the revision they opened until they reopen, and a run
    // that fails or is killed before the commit leaves the live revision as
    // it was (a WritableDatabase dropped in a transaction cancels it).
    std::vector<std::unique_ptr<Xapian::WritableDatabase>> w;
    std::vector<std::unordered_map<std::string, long>> spelling(n);
    for (unsigned k = 0; k < n; ++k) {
        w.push_back(
            std::make_unique<Xapian::WritableDatabase>(live[k].string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS));
        w.back()->begin_transaction();
    }
    for (const Xapian::docid id : plan.vacate) {
        const Place p = place(id, n);
        auto& db = *w[p.shard];
        try {
            for (auto t = db.termlist_begin(p.id); t != db.termlist_end(p.id); ++t)
                if (spelling_word(*t)) --spelling[p.shard][*t];
        } catch (const Xapian::DocNotFoundError&) {
            why = "the live index does not hold the documents its layout lists";
            return false;
        }
        db.delete_document(p.id);
        ++stats.removed;
    }
    auto put = [&](Xapian::docid id, const Xapian::Document& doc) {
        const Place p = place(id, n);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
            if (spelling_word(*t)) ++spelling[p.shard][*t];
        w[p.shard]->replace_document(p.id, doc);
        ++stats.written;
    };
    for (const auto& [id, doc] : claims) put(id, doc);
    stats.claims_rewritten = claims.size();
    for (std::size_t i = 0; i < c.sources.size(); ++i) {
        if (!plan.rewrite[i]) continue;
        const Source& s = c.sources[i];
        Xapian::docid id = plan.next.sources[i].start;
        put(id++, source_document(v, s, tg));
        for (const auto& a : s.assertions) put(id++, assertion_document(v, s, a, tg));
        ++stats.sources_rewritten;
    }
    stats.documents = c.claims.size();
    for (const auto& b : plan.next.sources) stats.documents += b.count;
    for (unsigned k = 0; k < n; ++k) {
        for (const auto& [word, delta] : spelling[k]) {
            if (delta > 0) w[k]->add_spelling(word, static_cast<Xapian::termcount>(delta));
            if (delta < 0) w[k]->remove_spelling(word, static_cast<Xapian::termcount>(-delta));
        }
        write_metadata(*w[k], v, plan.next, history, run, n, k);
    }
    // Every shard's changes are written before the first commit: a reader
    // of all shards sees two runs mixed only between these commits.
    for (unsigned k = 0; k < n; ++k) {
        w[k]->commit_transaction();
        w[k]->close();
    }
    return true;
}

}  // namespace evidence::index
