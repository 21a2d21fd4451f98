#include "search/searcher.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <string_view>
#include <unordered_map>

#include "model/db_layout.hpp"
#include "model/model.hpp"
#include "model/schema.hpp"
#include "model/text.hpp"
#include "search/facets.hpp"
#include "search/synonym_table.hpp"

namespace evidence::search {

namespace sc = evidence::schema;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr unsigned kSnippetBytes = 300;
constexpr unsigned kRemoteTimeoutMs = 10000;
constexpr unsigned kRemoteConnectMs = 3000;

std::vector<std::string> split_multi(const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto end = v.find(sc::kMultiSep, start);
        out.push_back(v.substr(start, end - start));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

// "forum-thread" -> "Forum thread": the label of a value with no better one.
std::string plain_label(const std::string& v) {
    std::string out = v;
    std::replace(out.begin(), out.end(), '-', ' ');
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

// Where a value stands in a facet whose values have a natural order: the
// order of the facet table's closed set (schema::value_list).
int fixed_rank(std::string_view facet, const std::string& value) {
    const sc::Field* f = sc::field(facet);
    if (!f || f->values == sc::Values::Level) return -1;
    const auto order = sc::value_list(*f);
    if (order.empty()) return -1;
    const auto pos = std::find(order.begin(), order.end(), value);
    return static_cast<int>(pos - order.begin());
}

void sort_facet(std::string_view name, std::vector<FacetValue>& values) {
    std::sort(values.begin(), values.end(), [&](const FacetValue& a, const FacetValue& b) {
        if (name == "level") return a.value < b.value;  // 1 (strongest) first
        if (name == "year") return a.value > b.value;   // newest first
        const int ra = fixed_rank(name, a.value), rb = fixed_rank(name, b.value);
        if (ra >= 0 || rb >= 0) return ra < rb;
        if (a.count != b.count) return a.count > b.count;
        return a.label < b.label;
    });
}

// The start of a text, escaped, cut at a word: the snippet when no query term
// is in the text (Xapian's then shows an arbitrary window, often the end).
std::string leading_snippet(const std::string& text, std::size_t bytes) {
    std::size_t end = text.size();
    if (end > bytes) {
        end = text.rfind(' ', bytes);
        if (end == std::string::npos || end < bytes / 2) {
            end = bytes;
            while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a UTF-8 boundary
        }
    }
    std::string out = html_escape(std::string_view(text).substr(0, end));
    if (end < text.size()) out += "…";
    return out;
}

// Asks for every document of the MSet at once: one round trip to a remote
// shard rather than one per document. MSet::fetch() without arguments
// crashes in Xapian 1.4.22 when the MSet does not start at the first result
// (a page after the first); the iterator form does not.
void prefetch(const Xapian::MSet& mset) {
    if (!mset.empty()) mset.fetch(mset.begin(), mset.end());
}

// The query whose terms the snippets mark. Xapian expands a synonym into its
// literal variants ("iliotibial band"), which are terms of the index but not
// words of the text: mark each such variant as the phrase it is. Empty when
// the query has none (the matching query is used as it is).
Xapian::Query highlight_query(const Xapian::Query& q) {
    std::vector<Xapian::Query> phrases;
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
        const std::string term = *t;
        if (term.find(' ') == std::string::npos) continue;
        std::vector<std::string> words;
        for (auto& w : words_of(term)) words.push_back(std::move(w.text));
        if (words.size() > 1)
            phrases.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                 static_cast<Xapian::termcount>(words.size()));
    }
    if (phrases.empty()) return Xapian::Query();
    phrases.push_back(q);
    return Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
}

}  // namespace

const nlohmann::json& StoredJson::json() const {
    if (!parsed_) {
        auto j = nlohmann::json::parse(text_, nullptr, false);
        parsed_ = std::make_shared<const nlohmann::json>(j.is_discarded() ? nlohmann::json::object() : std::move(j));
    }
    return *parsed_;
}

const nlohmann::json& StoredJson::operator[](const std::string& key) const {
    static const nlohmann::json kNull;
    const auto& j = json();
    const auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string Shard::str() const { return remote() ? "tcp://" + host + ":" + std::to_string(port) : path; }

Shard parse_shard(std::string_view spec) {
    Shard s;
    constexpr std::string_view kTcp = "tcp://";
    if (spec.substr(0, kTcp.size()) != kTcp) {
        s.path = std::string(spec);
        return s;
    }
    const std::string_view rest = spec.substr(kTcp.size());
    const auto colon = rest.rfind(':');
    const std::string port = colon == std::string_view::npos ? "" : std::string(rest.substr(colon + 1));
    if (colon == std::string_view::npos || colon == 0 || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 || std::stoi(port) > 65535)
        throw BadRequest("shard", "a remote shard is tcp://host:port, not '" + std::string(spec.substr(0, 80)) + "'");
    s.host = std::string(rest.substr(0, colon));
    s.port = static_cast<unsigned>(std::stoi(port));
    return s;
}

struct Searcher::Impl {
    std::vector<Shard> shards;
    std::vector<std::string> opened_builds;  // per shard: the build its stub named when opened
    std::vector<Xapian::Database> parts;
    Xapian::Database db;
    bool remote = false;
    std::shared_ptr<const SynonymTable> synonym_table;  // with a remote shard (synonym_table.hpp)
    QueryBuilder qb;
    Xapian::Stem stemmer{std::string(sc::kStemLanguage)};
    std::string topics_json;
    std::optional<std::map<std::string, std::string>> claim_statements;

    Xapian::Database open_one(const Shard& s, std::size_t i) {
        if (s.remote()) return Xapian::Remote::open(s.host, s.port, kRemoteTimeoutMs, kRemoteConnectMs);
        if (db_layout::is_db_folder(s.path)) {
            opened_builds[i] = db_layout::live_build(s.path);
            return Xapian::Database(db_layout::stub_path(s.path).string());
        }
        std::error_code ec;
        if (!fs::exists(s.path, ec))
            throw Unavailable("no index at " + s.path + ": run `evidence index` first");
        return Xapian::Database(s.path);
    }

    void open() {
        opened_builds.assign(shards.size(), "");
        parts.clear();
        remote = false;
        Xapian::Database all;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            const Shard& s = shards[i];
            try {
                Xapian::Database one = open_one(s, i);
                const std::string version = one.get_metadata(std::string(sc::kVersionKey));
                if (version != std::to_string(sc::kVersion))
                    throw Unavailable("the index at " + s.str() + " has schema version '" + version +
                                      "', this program reads version " + std::to_string(sc::kVersion) +
                                      ": run `evidence index` again");
                if (i == 0) topics_json = one.get_metadata(std::string(sc::kTopicsKey));
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
        claim_statements.reset();
        Lexicon lex;
        try {
            lex = load_lexicon(db, topics_json);
        } catch (const Xapian::Error&) {
            lex = load_lexicon(Xapian::Database(), topics_json);  // no synonym table to read
        }
        qb.reset(db, std::move(lex));
    }

    void refresh() {
        for (std::size_t i = 0; i < shards.size(); ++i)
            if (!shards[i].remote() && db_layout::is_db_folder(shards[i].path) && db_layout::live_build(shards[i].path) != opened_builds[i]) {
                open();  // a swapped stub: reopen() would keep reading the old build
                return;
            }
        db.reopen();
    }

    // Reopens after a failure; its own failure ends the search.
    void recover(bool reopen_all) {
        try {
            reopen_all ? open() : refresh();
        } catch (const Xapian::Error& e) {
            throw Unavailable("cannot reopen the index: " + e.get_description());
        }
    }

    template <typename F>
    auto with_retry(F&& f) -> decltype(f()) {
        for (int attempt = 0;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 3) throw Unavailable("the index kept changing during the search; try again");
                recover(false);
            } catch (const Xapian::DatabaseOpeningError& e) {
                // The build we read was removed after a swap: open the live one.
                if (attempt >= 3) throw Unavailable("cannot open the index: " + e.get_description());
                recover(true);
            } catch (const Xapian::NetworkError& e) {
                if (attempt >= 1) throw Unavailable("a remote shard does not answer: " + e.get_description());
                recover(true);
            } catch (const Xapian::Error& e) {
                throw Unavailable("the search failed: " + e.get_description());
            }
        }
    }

    Xapian::MSet run(const Xapian::Query& query, const std::string& sort, Xapian::doccount first,
                     Xapian::doccount size, Xapian::doccount checkatleast,
                     const std::vector<Xapian::MatchSpy*>& spies = {}) {
        Xapian::Enquire enq(db);
        enq.set_query(query);
        if (sort == "strength")
            enq.set_sort_by_value_then_relevance(sc::kSlotStrength, false);
        else if (sort == "date")
            enq.set_sort_by_value_then_relevance(sc::kSlotYearNumber, true);
        for (auto* spy : spies) enq.add_matchspy(spy);
        return enq.get_mset(first, size, checkatleast);
    }

    std::vector<Stored> stored(const Xapian::MSet& mset) {
        prefetch(mset);
        std::vector<Stored> out;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            out.push_back({doc.get_value(0), doc.get_value(sc::kSlotId), json::parse(doc.get_value(sc::kSlotData))});
        }
        return out;
    }

    const std::map<std::string, std::string>& statements() {
        if (claim_statements) return *claim_statements;
        std::map<std::string, std::string> m;
        const Xapian::Query q(sc::filter_term(*sc::field("kind"), sc::kKindClaim));
        const Xapian::MSet mset = run(q, "relevance", 0, db.get_doccount(), 0);
        prefetch(mset);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            m[doc.get_value(sc::kSlotId)] = doc.get_value(sc::kSlotTitle);
        }
        claim_statements = std::move(m);
        return *claim_statements;
    }

    std::string label(std::string_view facet, const std::string& value) {
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
};

namespace {
// The --db folder: its one database, or its shards (index --shards).
std::vector<Shard> db_folder(const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db_layout::stub_path(db), ec)) return {Shard{db.string(), "", 0}};
    std::vector<Shard> shards;
    for (unsigned k = 0, n = db_layout::shard_count(db); k < n; ++k) {
        const fs::path p = db_layout::shard_path(db, k);
        if (!db_layout::is_db_folder(p)) throw Unavailable("no index at " + p.string() + ": run `evidence index` first");
        shards.push_back(Shard{p.string(), "", 0});
    }
    if (shards.empty()) throw Unavailable("no index at " + db.string() + ": run `evidence index` first");
    return shards;
}
}  // namespace

Searcher::Searcher(fs::path db) : Searcher(db_folder(db)) {}

Searcher::Searcher(std::vector<Shard> shards) : impl_(std::make_unique<Impl>()) {
    if (shards.empty()) throw Unavailable("no index given");
    impl_->shards = std::move(shards);
    impl_->open();
}

Searcher::~Searcher() = default;

void Searcher::refresh() {
    impl_->with_retry([&] {
        impl_->refresh();
        return 0;
    });
}

bool Searcher::full_lexicon() const { return !impl_->remote; }

SearchResponse Searcher::search(const SearchRequest& req) {
    if (req.q.size() > kMaxQueryBytes)
        throw BadRequest("q", "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    if (!valid_utf8(req.q)) throw BadRequest("q", "the query is not valid UTF-8");
    if (req.page < 1) throw BadRequest("page", "page must be 1 or more");
    if (req.size < 1 || req.size > kMaxPageSize)
        throw BadRequest("size", "size must be from 1 to " + std::to_string(kMaxPageSize));
    if (static_cast<long long>(req.page) * req.size > kMaxResultDepth)
        throw BadRequest("page", "results are listed up to the " + std::to_string(kMaxResultDepth) +
                                     "th; narrow the search with filters");
    const bool blank = req.q.find_first_not_of(" \t\r\n") == std::string::npos;
    const std::string sort = !req.sort.empty() ? req.sort : blank ? "strength" : "relevance";
    if (sort != "relevance" && sort != "strength" && sort != "date")
        throw BadRequest("sort", "sort must be one of: relevance, strength, date");

    SearchResponse res;
    res.query = req.q;
    res.page = req.page;
    res.size = req.size;
    res.sort = sort;
    std::string text = req.q;
    if (auto sides = split_versus(req.q); sides && !split_versus(sides->second)) {
        // The comparison is its own view; as a search, either side matches.
        res.compare = {sides->first, sides->second};
        text = "(" + sides->first + ") OR (" + sides->second + ")";
    }
    return impl_->with_retry([&] {
        SearchResponse r = res;
        const Xapian::Query filter = impl_->qb.filters(req.filters);
        const ParsedQuery parsed = is_natural(text) ? parse_natural(impl_->qb, impl_->db, text, filter, r.relaxed)
                                                    : impl_->qb.parse(text);
        r.lenient = parsed.lenient;
        Xapian::Query query = parsed.query;
        if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

        // Every facet counted over every match: locally from the one value
        // that packs them (FacetSpy); over a remote shard with Xapian's own
        // spy, one per facet slot, the only kind xapian-tcpsrv can run.
        std::vector<const sc::Field*> facets;
        for (const auto& f : sc::fields())
            if (f.facet && f.slot >= 0) facets.push_back(&f);
        FacetSpy packed(facets.size());
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        std::vector<Xapian::MatchSpy*> raw;
        if (impl_->remote) {
            for (const auto* f : facets) {
                spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(static_cast<Xapian::valueno>(f->slot)));
                raw.push_back(spies.back().get());
            }
        } else {
            raw.push_back(&packed);
        }
        const auto first = static_cast<Xapian::doccount>((req.page - 1) * req.size);
        // checkatleast = every document: totals and facet counts are exact.
        const Xapian::MSet mset = impl_->run(query, sort, first, static_cast<Xapian::doccount>(req.size),
                                             impl_->db.get_doccount(), raw);
        r.total = mset.get_matches_estimated();
        prefetch(mset);
        // MSet::snippet marks the terms of the MSet's own query: for synonym
        // variants, take the snippets from an (empty) MSet of a query that
        // holds them as phrases.
        Xapian::MSet marks = mset;
        if (const Xapian::Query hq = highlight_query(parsed.query); !hq.empty() && !mset.empty()) {
            Xapian::Enquire enq(impl_->db);
            enq.set_query(hq);
            marks = enq.get_mset(0, 0);
        }
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            Hit h;
            h.kind = doc.get_value(0);
            h.id = doc.get_value(sc::kSlotId);
            h.data = StoredJson(doc.get_value(sc::kSlotData));
            // flags 0: no background model, no exhaustive scan (2-5x cheaper).
            const std::string shown = doc.get_value(sc::kSlotText);
            h.snippet = marks.snippet(shown, kSnippetBytes, impl_->stemmer, 0, "<mark>", "</mark>", "…");
            if (h.snippet.find("<mark>") == std::string::npos) h.snippet = leading_snippet(shown, kSnippetBytes);
            r.hits.push_back(std::move(h));
        }
        // Raw slot values and their counts -> the facet's values, labelled and sorted.
        auto facet_values = [&](const sc::Field* f, auto&& each) {
            std::map<std::string, std::size_t> counts;
            each([&](const std::string& value, std::size_t n) {
                if (f->multi)
                    for (const auto& one : split_multi(value)) counts[one] += n;
                else
                    counts[value] += n;
            });
            std::vector<FacetValue> out;
            for (const auto& [value, count] : counts) out.push_back({value, impl_->label(f->name, value), count});
            sort_facet(f->name, out);
            return out;
        };
        for (std::size_t i = 0; i < facets.size(); ++i) {
            r.facets[std::string(facets[i]->name)] = facet_values(facets[i], [&](auto&& add) {
                if (impl_->remote)
                    for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v) add(*v, v.get_termfreq());
                else
                    for (const auto& [value, n] : packed.counts(i)) add(value, n);
            });
        }
        // Disjunctive counts: a facet the request filters on is counted with
        // every other filter but without its own, one more match each, so its
        // other values show what choosing them as well (OR) would add.
        for (std::size_t i = 0; req.disjunctive_facets && i < facets.size(); ++i) {
            const std::string name(facets[i]->name);
            if (!req.filters.count(name)) continue;
            auto others = req.filters;
            others.erase(name);
            const Xapian::Query rest = impl_->qb.filters(others);
            const Xapian::Query q =
                rest.empty() ? parsed.query : Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, rest);
            FacetSpy one(facets.size(), i);
            Xapian::ValueCountMatchSpy remote_one(static_cast<Xapian::valueno>(facets[i]->slot));
            Xapian::MatchSpy* spy = impl_->remote ? static_cast<Xapian::MatchSpy*>(&remote_one) : &one;
            impl_->run(q, "relevance", 0, 0, impl_->db.get_doccount(), {spy});
            r.facets[name] = facet_values(facets[i], [&](auto&& add) {
                if (impl_->remote)
                    for (auto v = remote_one.values_begin(); v != remote_one.values_end(); ++v) add(*v, v.get_termfreq());
                else
                    for (const auto& [value, n] : one.counts(i)) add(value, n);
            });
        }
        if (!parsed.empty && !impl_->remote) r.suggestion = impl_->qb.suggest(text);
        return r;
    });
}

std::vector<Stored> Searcher::find(std::string_view kind, const std::map<std::string, std::vector<std::string>>& filters,
                                   std::size_t limit, std::size_t* total) {
    return impl_->with_retry([&] {
        auto all = filters;
        all["kind"] = {std::string(kind)};
        const Xapian::Query q(Xapian::Query::OP_FILTER, match_all(), impl_->qb.filters(all));
        const Xapian::MSet mset =
            impl_->run(q, "strength", 0, static_cast<Xapian::doccount>(limit), impl_->db.get_doccount());
        if (total) *total = mset.get_matches_estimated();
        return impl_->stored(mset);
    });
}

std::vector<Stored> Searcher::find_claims_text(const std::string& q, std::size_t limit) {
    if (q.size() > kMaxQueryBytes || !valid_utf8(q)) throw BadRequest("q", "the query is too long or not UTF-8");
    return impl_->with_retry([&] {
        const ParsedQuery parsed = impl_->qb.parse(q);
        if (parsed.empty) return std::vector<Stored>{};
        const Xapian::Query query(Xapian::Query::OP_FILTER, parsed.query,
                                  Xapian::Query(sc::filter_term(*sc::field("kind"), sc::kKindClaim)));
        return impl_->stored(impl_->run(query, "relevance", 0, static_cast<Xapian::doccount>(limit), 0));
    });
}

void Searcher::with_index(const std::function<void(const Xapian::Database&, QueryBuilder&)>& f) {
    impl_->with_retry([&] {
        f(impl_->db, impl_->qb);
        return 0;
    });
}

std::vector<std::string> Searcher::synonyms(const std::string& key) {
    return impl_->with_retry([&] {
        std::vector<std::string> out;
        for (auto t = impl_->db.synonyms_begin(key); t != impl_->db.synonyms_end(key); ++t) out.push_back(*t);
        return out;
    });
}

std::string Searcher::claim_statement(const std::string& id) {
    return impl_->with_retry([&] {
        const auto& m = impl_->statements();
        const auto it = m.find(id);
        return it == m.end() ? std::string() : it->second;
    });
}

std::optional<json> Searcher::get(std::string_view kind, std::string_view id) {
    return impl_->with_retry([&]() -> std::optional<json> {
        const std::string term = sc::id_term(kind, id);
        Xapian::PostingIterator p = impl_->db.postlist_begin(term);
        if (p == impl_->db.postlist_end(term)) return std::nullopt;
        return json::parse(impl_->db.get_document(*p).get_value(sc::kSlotData));
    });
}

std::optional<json> Searcher::source_page(std::string_view id) {
    return impl_->with_retry([&]() -> std::optional<json> {
        const std::string term = sc::id_term(sc::kKindSource, id);
        Xapian::PostingIterator p = impl_->db.postlist_begin(term);
        if (p == impl_->db.postlist_end(term)) return std::nullopt;
        const Xapian::Document doc = impl_->db.get_document(*p);
        json j = json::parse(doc.get_value(sc::kSlotData));
        j["page"] = json::parse(doc.get_value(sc::kSlotPage));
        return j;
    });
}

json Searcher::topics() {
    const json t = json::parse(impl_->topics_json.empty() ? "[]" : impl_->topics_json, nullptr, false);
    return t.is_discarded() ? json::array() : t;
}

std::string Searcher::metadata(const std::string& key) {
    return impl_->with_retry([&] { return impl_->parts.empty() ? std::string() : impl_->parts.front().get_metadata(key); });
}

json Searcher::stats() {
    return impl_->with_retry([&] {
        // Shards hold parts of the corpus: their counts add up.
        json sum = json::object();
        for (auto& part : impl_->parts) {
            const std::string t = part.get_metadata(std::string(sc::kStatsKey));
            const json j = json::parse(t.empty() ? "{}" : t, nullptr, false);
            if (!j.is_object()) continue;
            for (const auto& [k, v] : j.items())
                if (v.is_number_unsigned()) sum[k] = sum.value(k, 0ULL) + v.get<unsigned long long>();
        }
        sum["documents"] = impl_->db.get_doccount();
        sum["shards"] = impl_->shards.size();
        return sum;
    });
}

}  // namespace evidence::search
