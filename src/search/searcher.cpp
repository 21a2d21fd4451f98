#include "search/searcher.hpp"

#include <fstream>

#include "model/model.hpp"
#include "model/schema.hpp"

namespace evidence::search {

namespace sc = evidence::schema;
namespace fs = std::filesystem;

namespace {

// English stop words for queries: kept out of matching, still usable in phrases.
constexpr const char* kStopWords[] = {"a",   "an",  "and", "are", "as",   "at",   "be",  "by",  "for",
                                      "from", "in", "is",  "it",  "of",   "on",   "or",  "that", "the",
                                      "this", "to", "was", "were", "will", "with", "does", "do"};

std::string stub_build(const fs::path& db) {
    std::ifstream in(db / "current");
    std::string kind, name;
    in >> kind >> name;
    return name;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                    : (c & 0xF8) == 0xF0 && c <= 0xF4   ? 4
                                                                         : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

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

}  // namespace

Searcher::Searcher(fs::path db) : db_dir_(std::move(db)) {
    for (const char* w : kStopWords) stopper_.add(w);
    open();
}

void Searcher::open() {
    const fs::path stub = db_dir_ / "current";
    std::error_code ec;
    if (!fs::exists(stub, ec)) throw Unavailable("no index at " + db_dir_.string() + ": run `evidence index` first");
    try {
        opened_build_ = stub_build(db_dir_);
        db_ = Xapian::Database(stub.string());
        const std::string version = db_.get_metadata(std::string(sc::kVersionKey));
        if (version != std::to_string(sc::kVersion))
            throw Unavailable("the index at " + db_dir_.string() + " has schema version '" + version +
                              "', this program reads version " + std::to_string(sc::kVersion) +
                              ": run `evidence index` again");
        topic_labels_.clear();
        const std::string topics = db_.get_metadata(std::string(sc::kTopicsKey));
        if (!topics.empty())
            for (const auto& t : nlohmann::json::parse(topics)) topic_labels_[t.at("id")] = t.at("label");
    } catch (const Xapian::Error& e) {
        throw Unavailable("cannot open the index at " + db_dir_.string() + ": " + e.get_description());
    }
}

void Searcher::refresh() {
    if (stub_build(db_dir_) != opened_build_) {
        open();  // a swapped stub: reopen() would keep reading the old build
        return;
    }
    db_.reopen();
}

template <typename F>
auto Searcher::with_retry(F&& f) -> decltype(f()) {
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 3) throw Unavailable("the index kept changing during the search; try again");
            refresh();
        } catch (const Xapian::DatabaseOpeningError&) {
            // The build we read was removed after a swap: open the live one.
            if (attempt >= 3) throw;
            open();
        }
    }
}

Xapian::Query Searcher::parse(const std::string& q, std::string& suggestion) {
    if (q.find_first_not_of(" \t\r\n") == std::string::npos) return Xapian::Query::MatchAll;
    Xapian::QueryParser qp;
    qp.set_database(db_);
    qp.set_stemmer(stemmer_);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(&stopper_);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_max_expansion(100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    for (const auto& f : sc::fields()) {
        if (f.kind == sc::FieldKind::Text)
            qp.add_prefix(std::string(f.name), std::string(f.prefix));
        else
            qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
    }
    Xapian::NumberRangeProcessor years(sc::kSlotYearNumber, "year:");
    qp.add_rangeprocessor(&years);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_SPELLING_CORRECTION |
                           Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS | Xapian::QueryParser::FLAG_WILDCARD;
    Xapian::Query query;
    try {
        query = qp.parse_query(q, flags);
    } catch (const Xapian::QueryParserError&) {
        // Retry leniently: the words alone, with no operators.
        try {
            query = qp.parse_query(q, Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS);
        } catch (const Xapian::QueryParserError& e) {
            throw BadRequest("q", "the query cannot be parsed: " + e.get_msg());
        }
    }
    suggestion = qp.get_corrected_query_string();
    return query;
}

Xapian::Query Searcher::filters(const SearchRequest& req) const {
    Xapian::Query all;
    for (const auto& [name, values] : req.filters) {
        const sc::Field* f = sc::field(name);
        if (!f || f->kind != sc::FieldKind::Filter) throw BadRequest(name, "unknown filter '" + name + "'");
        std::vector<Xapian::Query> any;
        for (const auto& v : values) {
            if (name == "level") {
                // "this level or stronger"
                if (v.size() != 1 || v[0] < '1' || v[0] > '7')
                    throw BadRequest("level", "level must be a number from 1 to 7, not '" + v + "'");
                for (char l = '1'; l <= v[0]; ++l) any.emplace_back(sc::filter_term(*f, std::string(1, l)));
            } else {
                any.emplace_back(sc::filter_term(*f, v));
            }
        }
        if (any.empty()) continue;
        Xapian::Query one(Xapian::Query::OP_OR, any.begin(), any.end());
        all = all.empty() ? one : Xapian::Query(Xapian::Query::OP_AND, all, one);
    }
    return all;
}

SearchResponse Searcher::search(const SearchRequest& req) {
    if (req.q.size() > kMaxQueryBytes)
        throw BadRequest("q", "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    if (!valid_utf8(req.q)) throw BadRequest("q", "the query is not valid UTF-8");
    if (req.page < 1) throw BadRequest("page", "page must be 1 or more");
    if (req.size < 1 || req.size > kMaxPageSize)
        throw BadRequest("size", "size must be from 1 to " + std::to_string(kMaxPageSize));
    if (req.sort != "relevance" && req.sort != "strength" && req.sort != "date")
        throw BadRequest("sort", "sort must be one of: relevance, strength, date");
    const Xapian::Query filter = filters(req);

    return with_retry([&] {
        SearchResponse res;
        res.query = req.q;
        res.page = req.page;
        res.size = req.size;
        Xapian::Query query = parse(req.q, res.suggestion);
        if (!filter.empty()) query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

        Xapian::Enquire enq(db_);
        enq.set_query(query);
        if (req.sort == "strength")
            enq.set_sort_by_value_then_relevance(sc::kSlotStrength, false);
        else if (req.sort == "date")
            enq.set_sort_by_value_then_relevance(sc::kSlotYearNumber, true);

        std::vector<std::pair<const sc::Field*, std::unique_ptr<Xapian::ValueCountMatchSpy>>> spies;
        for (const auto& f : sc::fields()) {
            if (f.slot < 0) continue;
            spies.emplace_back(&f, std::make_unique<Xapian::ValueCountMatchSpy>(f.slot));
            enq.add_matchspy(spies.back().second.get());
        }
        const auto first = static_cast<Xapian::doccount>((req.page - 1) * req.size);
        // checkatleast = every document, so facet counts cover the whole result set.
        const Xapian::MSet mset = enq.get_mset(first, static_cast<Xapian::doccount>(req.size), db_.get_doccount());
        res.total = mset.get_matches_estimated();

        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            Hit h;
            h.data = nlohmann::json::parse(doc.get_data());
            h.kind = h.data.value("kind", "");
            h.id = h.data.value("id", "");
            h.snippet = mset.snippet(doc.get_value(sc::kSlotText), 300, stemmer_, 0, "<mark>", "</mark>", "…");
            res.hits.push_back(std::move(h));
        }
        for (const auto& [f, spy] : spies) {
            std::map<std::string, std::size_t> counts;
            for (auto v = spy->values_begin(); v != spy->values_end(); ++v) {
                if (f->multi)
                    for (const auto& one : split_multi(*v)) counts[one] += v.get_termfreq();
                else
                    counts[*v] += v.get_termfreq();
            }
            auto& out = res.facets[std::string(f->name)];
            for (const auto& [value, count] : counts) {
                FacetValue fv{value, value, count};
                if (f->name == "topic") {
                    auto it = topic_labels_.find(value);
                    if (it != topic_labels_.end()) fv.label = it->second;
                } else if (f->name == "level" && value.size() == 1) {
                    fv.label = std::string(level_label(value[0] - '0'));
                }
                out.push_back(std::move(fv));
            }
        }
        return res;
    });
}

std::optional<nlohmann::json> Searcher::get(std::string_view kind, std::string_view id) {
    return with_retry([&]() -> std::optional<nlohmann::json> {
        const std::string term = sc::id_term(kind, id);
        Xapian::PostingIterator p = db_.postlist_begin(term);
        if (p == db_.postlist_end(term)) return std::nullopt;
        return nlohmann::json::parse(db_.get_document(*p).get_data());
    });
}

std::optional<nlohmann::json> Searcher::source_page(std::string_view id) {
    return with_retry([&]() -> std::optional<nlohmann::json> {
        const std::string term = sc::id_term(sc::kKindSource, id);
        Xapian::PostingIterator p = db_.postlist_begin(term);
        if (p == db_.postlist_end(term)) return std::nullopt;
        const Xapian::Document doc = db_.get_document(*p);
        nlohmann::json j = nlohmann::json::parse(doc.get_data());
        j["page"] = nlohmann::json::parse(doc.get_value(sc::kSlotPage));
        return j;
    });
}

nlohmann::json Searcher::topics() {
    return with_retry([&] {
        const std::string t = db_.get_metadata(std::string(sc::kTopicsKey));
        return t.empty() ? nlohmann::json::array() : nlohmann::json::parse(t);
    });
}

nlohmann::json Searcher::stats() {
    return with_retry([&] {
        const std::string t = db_.get_metadata(std::string(sc::kStatsKey));
        nlohmann::json j = t.empty() ? nlohmann::json::object() : nlohmann::json::parse(t);
        j["documents"] = db_.get_doccount();
        return j;
    });
}

}  // namespace evidence::search
