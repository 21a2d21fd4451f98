#include "search/searcher.hpp"

#include <functional>
#include <string_view>

#include "model/db_layout.hpp"
#include "model/schema.hpp"
#include "model/stored.hpp"
#include "model/text.hpp"
#include "search/facets.hpp"
#include "search/natural.hpp"
#include "search/open_index.hpp"

namespace evidence::search {

namespace key = evidence::stored::key;

namespace sc = evidence::schema;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr unsigned kSnippetBytes = 300;

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

// Checks a request's parameters; returns the sort it gets.
std::string checked_sort(const SearchRequest& req) {
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
    std::string sort = !req.sort.empty() ? req.sort : blank ? "strength" : "relevance";
    if (sort != "relevance" && sort != "strength" && sort != "date")
        throw BadRequest("sort", "sort must be one of: relevance, strength, date");
    return sort;
}

// The hits of a page, each with its snippet: the matches of `query` marked.
std::vector<Hit> hits_of(OpenIndex& index, const Xapian::MSet& mset, const Xapian::Query& query) {
    const std::vector<Xapian::Document> docs = index.documents(mset);
    // MSet::snippet marks the terms of the MSet's own query: for synonym
    // variants, take the snippets from an (empty) MSet of a query that
    // holds them as phrases.
    Xapian::MSet marks = mset;
    if (const Xapian::Query hq = highlight_query(query); !hq.empty() && !mset.empty()) {
        Xapian::Enquire enq(index.db);
        enq.set_query(hq);
        marks = enq.get_mset(0, 0);
    }
    std::vector<Hit> hits;
    for (const Xapian::Document& doc : docs) {
        Hit h;
        h.kind = doc.get_value(0);
        h.id = doc.get_value(sc::kSlotId);
        h.data = StoredJson(doc.get_value(sc::kSlotData));
        // flags 0: no background model, no exhaustive scan (2-5x cheaper).
        const std::string shown = doc.get_value(sc::kSlotText);
        h.snippet = marks.snippet(shown, kSnippetBytes, index.stemmer, 0, "<mark>", "</mark>", "…");
        if (h.snippet.find("<mark>") == std::string::npos) h.snippet = leading_snippet(shown, kSnippetBytes);
        hits.push_back(std::move(h));
    }
    return hits;
}

// One attempt at a search (retried by the caller when the index changes):
// the query parsed (a question relaxed), the page with every facet counted
// over every match, the disjunctive counts, the suggestion.
SearchResponse run_search(OpenIndex& index, const SearchRequest& req, const std::string& text, SearchResponse r) {
    const Xapian::Query filter = index.qb.filters(req.filters);
    const ParsedQuery parsed =
        is_natural(text) ? parse_natural(index.qb, index.db, text, filter, r.relaxed) : index.qb.parse(text);
    r.lenient = parsed.lenient;
    const Xapian::Query query =
        filter.empty() ? parsed.query : Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, filter);
    FacetCounts facets(index.remote);  // its spies count during the run
    const auto first = static_cast<Xapian::doccount>((req.page - 1) * req.size);
    // Xapian 1.4 over two remote shards, sorting by a value, hands the
    // servers' spies some matches twice when the page holds fewer than all
    // of them (536 documents counted for 487 matches, a page of 100, over
    // the bundled corpus's two shards; right when sorted by relevance, with
    // no page, or locally). There the facets get a match of their own:
    // unsorted, no page.
    const bool own_count = index.remote && r.sort != "relevance";
    static const std::vector<Xapian::MatchSpy*> kNone;
    // checkatleast = every document: totals and facet counts are exact.
    const Xapian::MSet mset = index.run(query, r.sort, first, static_cast<Xapian::doccount>(req.size),
                                        index.db.get_doccount(), own_count ? kNone : facets.spies());
    if (own_count) index.run(query, "relevance", 0, 0, index.db.get_doccount(), facets.spies());
    r.total = mset.get_matches_estimated();
    r.hits = hits_of(index, mset, parsed.query);
    facets.collect(index, r.facets);
    if (req.disjunctive_facets) facets.disjunctive(index, parsed.query, req.filters, r.facets);
    if (!parsed.empty && !index.remote) r.suggestion = index.qb.suggest(text);
    return r;
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

namespace {
// The --db folder: its one database, or its shards (index --shards).
std::vector<Shard> db_folder(const fs::path& db) {
    std::error_code ec;
    if (fs::exists(db_layout::stub_path(db), ec)) return {Shard{db.string(), "", 0}};
    std::vector<Shard> shards;
    for (unsigned k = 0, n = db_layout::shard_count(db); k < n; ++k) {
        const fs::path p = db_layout::shard_path(db, k);
        if (!db_layout::is_db_folder(p))
            throw Unavailable("no index at " + p.string() + ": run `evidence index` first");
        shards.push_back(Shard{p.string(), "", 0});
    }
    if (shards.empty()) throw Unavailable("no index at " + db.string() + ": run `evidence index` first");
    return shards;
}
}  // namespace

Searcher::Searcher(const fs::path& db) : Searcher(db_folder(db)) {}

Searcher::Searcher(std::vector<Shard> shards) : impl_(std::make_unique<OpenIndex>(std::move(shards))) {}

Searcher::~Searcher() = default;

std::shared_ptr<const void> Searcher::memo(const std::string& key,
                                           const std::function<std::shared_ptr<const void>()>& make) {
    if (auto it = impl_->memos.find(key); it != impl_->memos.end()) return it->second;
    auto value = make();
    if (impl_->memos.size() >= kMaxMemos) impl_->memos.clear();
    impl_->memos.emplace(key, value);
    return value;
}

void Searcher::refresh() {
    impl_->with_retry([&] {
        impl_->refresh();
        return 0;
    });
}

bool Searcher::full_lexicon() const { return !impl_->remote; }
bool Searcher::has_remote_shard() const { return impl_->remote; }

SearchResponse Searcher::search(const SearchRequest& req) {
    SearchResponse res;
    res.sort = checked_sort(req);
    res.query = req.q;
    res.page = req.page;
    res.size = req.size;
    std::string text = req.q;
    if (auto sides = split_versus(req.q); sides && !split_versus(sides->second)) {
        // The comparison is its own view; as a search, either side matches.
        res.compare = {sides->first, sides->second};
        text = "(" + sides->first + ") OR (" + sides->second + ")";
    }
    return impl_->with_retry([&] { return run_search(*impl_, req, text, res); });
}

std::vector<Stored> Searcher::find(std::string_view kind,
                                   const std::map<std::string, std::vector<std::string>>& filters, std::size_t limit,
                                   std::size_t* total) {
    return impl_->with_retry([&] {
        auto all = filters;
        all[key::kKind] = {std::string(kind)};
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
        j[key::kPage] = json::parse(doc.get_value(sc::kSlotPage));
        return j;
    });
}

json Searcher::topics() {
    const json t = json::parse(impl_->topics_json.empty() ? "[]" : impl_->topics_json, nullptr, false);
    return t.is_discarded() ? json::array() : t;
}

std::string Searcher::metadata(const std::string& key) {
    return impl_->with_retry(
        [&] { return impl_->parts.empty() ? std::string() : impl_->parts.front().get_metadata(key); });
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
        sum["shards"] = impl_->shard_count();
        return sum;
    });
}

}  // namespace evidence::search
