#include "search/open_index.hpp"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <system_error>
#include <thread>

#include "model/db_layout.hpp"
#include "model/schema.hpp"

namespace evidence::search {

namespace sc = evidence::schema;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr unsigned kRemoteTimeoutMs = 10000;
constexpr unsigned kRemoteConnectMs = 3000;

// "forum-thread" -> "Forum thread": the label of a value with no better one.
std::string plain_label(const std::string& v) {
    std::string out = v;
    std::replace(out.begin(), out.end(), '-', ' ');
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

}  // namespace

// MSet::fetch() without arguments crashes in Xapian 1.4.22 when the MSet
// does not start at the first result (a page after the first); the iterator
// form does not.
void prefetch(const Xapian::MSet& mset) {
    if (!mset.empty()) mset.fetch(mset.begin(), mset.end());
}

OpenIndex::OpenIndex(std::vector<Shard> shards) : stemmer(std::string(sc::kStemLanguage)), shards_(std::move(shards)) {
    if (shards_.empty()) throw Unavailable("no index given");
    open();
}

Xapian::Database OpenIndex::open_one(const Shard& s, std::size_t i) {
    if (s.remote()) return Xapian::Remote::open(s.host, s.port, kRemoteTimeoutMs, kRemoteConnectMs);
    if (db_layout::is_db_folder(s.path)) {
        opened_builds_[i] = db_layout::live_build(s.path);
        return Xapian::Database(db_layout::stub_path(s.path).string());
    }
    std::error_code ec;
    if (!fs::exists(s.path, ec)) throw Unavailable("no index at " + s.path + ": run `evidence index` first");
    return Xapian::Database(s.path);
}

void OpenIndex::open() {
    opened_builds_.assign(shards_.size(), "");
    parts.clear();
    remote = false;
    Xapian::Database all;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        const Shard& s = shards_[i];
        try {
            Xapian::Database one = open_one(s, i);
            const std::string version = one.get_metadata(std::string(sc::kVersionKey));
            if (version != std::to_string(sc::kVersion))
                throw Unavailable("the index at " + s.str() + " has schema version '" + version +
                                  "', this program reads version " + std::to_string(sc::kVersion) +
                                  ": run `evidence index` again");
            all.add_database(one);
            parts.push_back(one);
            remote = remote || s.remote();
        } catch (const Xapian::Error& e) {
            throw Unavailable("cannot open the index at " + s.str() + ": " + e.get_description());
        }
    }
    // Searched along with the shards, it holds no document: ranks, ids
    // and counts stay those of the shards.
    synonym_table.reset();
    if (remote) {
        try {
            synonym_table = search::synonym_table(parts.front().get_metadata(std::string(sc::kSynonymsKey)));
        } catch (const std::runtime_error& e) {
            throw Unavailable(e.what());
        } catch (const Xapian::Error& e) {
            throw Unavailable("cannot build the synonym table: " + e.get_description());
        }
        if (synonym_table) all.add_database(Xapian::Database(synonym_table->path().string()));
    }
    db = all;
    derive();
}

void OpenIndex::derive() {
    topics_json = parts.front().get_metadata(std::string(sc::kTopicsKey));
    claim_statements_.reset();
    memos.clear();
    Lexicon lex;
    try {
        lex = load_lexicon(db, topics_json);
    } catch (const Xapian::Error&) {
        lex = load_lexicon(Xapian::Database(), topics_json);  // no synonym table to read
    }
    qb.reset(db, std::move(lex));
    codes.reset();
    if (remote) {
        auto all = std::make_shared<FacetCodes>();
        for (const auto& part : parts) {
            FacetCodes one;
            try {
                one = FacetCodes::parse(part.get_metadata(std::string(kCodesKey)));
            } catch (const std::runtime_error& e) {
                throw Unavailable(std::string("cannot read the index's facet codes: ") + e.what());
            }
            if (!all->merge_longer(one))
                throw Unavailable(
                    "the shards' facet codes disagree: they were written by different runs; try again, or index "
                    "them again");
        }
        codes = std::move(all);
    }
}

void OpenIndex::refresh() {
    for (std::size_t i = 0; i < shards_.size(); ++i)
        if (!shards_[i].remote() && db_layout::is_db_folder(shards_[i].path) &&
            db_layout::live_build(shards_[i].path) != opened_builds_[i]) {
            open();  // a swapped stub: reopen() would keep reading the old build
            return;
        }
    // A new revision (an incremental run commits in place) may rename a
    // topic or change a claim's statement: what was read from it goes too.
    if (db.reopen()) derive();
}

void OpenIndex::recover(bool reopen_all) {
    try {
        reopen_all ? open() : refresh();
    } catch (const Xapian::Error& e) {
        throw Unavailable("cannot reopen the index: " + e.get_description());
    }
}

Xapian::MSet OpenIndex::run(const Xapian::Query& query, const std::string& sort, Xapian::doccount first,
                            Xapian::doccount size, Xapian::doccount checkatleast,
                            const std::vector<Xapian::MatchSpy*>& spies) {
    Xapian::Enquire enq(db);
    enq.set_query(query);
    if (sort == "strength")
        enq.set_sort_by_value_then_relevance(sc::kSlotStrength, false);
    else if (sort == "date")
        enq.set_sort_by_value_then_relevance(sc::kSlotYearNumber, true);
    for (auto* spy : spies) enq.add_matchspy(spy);
    return enq.get_mset(first, size, checkatleast);
}

std::vector<Xapian::Document> OpenIndex::documents(const Xapian::MSet& mset) {
    std::vector<Xapian::Document> out;
    if (!remote || parts.size() < 2) {
        prefetch(mset);
        for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(it.get_document());
        return out;
    }
    // `db` interleaves the docids of its databases: the shards, then the
    // synonym table (which holds no document).
    const std::size_t count = parts.size() + (synonym_table ? 1 : 0);
    std::vector<std::vector<std::pair<std::size_t, Xapian::docid>>> wanted(parts.size());  // (rank, docid in shard)
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::docid did = *it;
        wanted.at((did - 1) % count).emplace_back(out.size(), static_cast<Xapian::docid>((did - 1) / count + 1));
        out.emplace_back();
    }
    // Each thread uses one shard's connection only, and nothing else uses
    // them until the threads are joined.
    std::vector<std::exception_ptr> failed(parts.size());
    auto read = [&](std::size_t s) {
        try {
            for (const auto& [rank, did] : wanted[s]) out[rank] = parts[s].get_document(did);
        } catch (...) {
            failed[s] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    std::size_t first = parts.size();
    for (std::size_t s = 0; s < parts.size(); ++s) {
        if (wanted[s].empty()) continue;
        if (first == parts.size()) {
            first = s;  // read on this thread
            continue;
        }
        try {
            threads.emplace_back(read, s);
        } catch (const std::system_error&) {
            read(s);  // no thread to be had: read it here, in turn
        }
    }
    if (first < parts.size()) read(first);
    for (auto& t : threads) t.join();
    for (const auto& e : failed)
        if (e) std::rethrow_exception(e);
    return out;
}

std::vector<Stored> OpenIndex::stored(const Xapian::MSet& mset) {
    std::vector<Stored> out;
    for (const Xapian::Document& doc : documents(mset))
        out.push_back({doc.get_value(0), doc.get_value(sc::kSlotId), json::parse(doc.get_value(sc::kSlotData))});
    return out;
}

const std::map<std::string, std::string>& OpenIndex::statements() {
    if (claim_statements_) return *claim_statements_;
    std::map<std::string, std::string> m;
    const Xapian::Query q(sc::filter_term(*sc::field("kind"), sc::kKindClaim));
    const Xapian::MSet mset = run(q, "relevance", 0, db.get_doccount(), 0);
    prefetch(mset);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        m[doc.get_value(sc::kSlotId)] = doc.get_value(sc::kSlotTitle);
    }
    claim_statements_ = std::move(m);
    return *claim_statements_;
}

std::string OpenIndex::label(std::string_view facet, const std::string& value) {
    if (facet == "topic") {
        const auto& labels = qb.lexicon().topic_labels;
        const auto it = labels.find(value);
        return it == labels.end() ? value : it->second;
    }
    if (facet == "claim") {
        const auto& m = statements();
        const auto it = m.find(value);
        return it == m.end() ? value : it->second;
    }
    if (facet == "site" || facet == "year") return value;
    // Closed sets: the facet table's labels, the same everywhere.
    if (const sc::Field* f = sc::field(facet))
        if (std::string l = sc::value_label(*f, value); !l.empty()) return l;
    return plain_label(value);
}

}  // namespace evidence::search
