#include "search/query.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "model/model.hpp"
#include "model/schema.hpp"
#include "model/text.hpp"
#include "search/errors.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

// Wildcards expand to at most this many terms, the most frequent first, so
// that `s*` costs no more than a long OR query.
constexpr Xapian::termcount kMaxWildcardTerms = 50;

unsigned parse_flags() {
    using QP = Xapian::QueryParser;
    return QP::FLAG_PHRASE | QP::FLAG_BOOLEAN | QP::FLAG_LOVEHATE | QP::FLAG_WILDCARD | QP::FLAG_PURE_NOT |
           QP::FLAG_AUTO_MULTIWORD_SYNONYMS;
}

// Source bodies are indexed without positions (index/documents.cpp), so a
// phrase cannot match one: Xapian's QueryParser makes a phrase of a quoted
// text and of words joined by - / . \\ @ ("IT-band"). `q` with those turned
// into spaces, or "" when it has none.
std::string phrase_words(const std::string& q) {
    static constexpr std::string_view kOpen = "\xE2\x80\x9C", kClose = "\xE2\x80\x9D";
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80); };
    std::string out;
    bool phrase = false;
    for (std::size_t i = 0; i < q.size(); ++i) {
        const char c = q[i];
        if (c == '"' && i > 0 && q[i - 1] == ':') {
            // A quoted field value (site:"roller shop"): a filter term, kept whole.
            const auto end = q.find('"', i + 1);
            const std::size_t stop = end == std::string::npos ? q.size() : end + 1;
            out.append(q, i, stop - i);
            i = stop - 1;
        } else if (q.compare(i, kOpen.size(), kOpen) == 0 || q.compare(i, kClose.size(), kClose) == 0) {
            phrase = true;
            out += ' ';
            i += kOpen.size() - 1;
        } else if (c == '"' || ((c == '-' || c == '/' || c == '.' || c == '\\' || c == '@') && i > 0 &&
                                i + 1 < q.size() && word(q[i - 1]) && word(q[i + 1]))) {
            phrase = true;
            out += ' ';
        } else {
            out += c;
        }
    }
    return phrase ? out : "";
}

}  // namespace

const std::set<std::string>& stop_words() {
    static const std::set<std::string> kWords = {"a",    "an", "and", "are",  "as",   "at",   "be",   "by",   "for",
                                                 "from", "in", "is",  "it",   "of",   "on",   "or",   "that", "the",
                                                 "this", "to", "was", "were", "will", "with", "does", "do"};
    return kWords;
}

std::vector<Word> words_of(std::string_view text) {
    return evidence::words_of(text, {Xapian::Unicode::is_wordchar, Xapian::Unicode::tolower});
}

std::optional<std::pair<std::string, std::string>> split_versus(std::string_view q) {
    auto trim = [](std::string_view s) {
        const auto b = s.find_first_not_of(" \t\r\n");
        if (b == std::string_view::npos) return std::string();
        const auto e = s.find_last_not_of(" \t\r\n");
        return std::string(s.substr(b, e - b + 1));
    };
    bool quoted = false;
    for (std::size_t i = 0; i < q.size(); ++i) {
        if (q[i] == '"') quoted = !quoted;
        if (quoted || (i > 0 && !is_ascii_space(q[i - 1]))) continue;
        for (std::string_view sep : {"versus", "vs.", "vs"}) {
            if (i + sep.size() > q.size() || lower_ascii(q.substr(i, sep.size())) != sep) continue;
            const std::size_t after = i + sep.size();
            if (after < q.size() && !is_ascii_space(q[after])) continue;
            std::string a = trim(q.substr(0, i)), b = trim(q.substr(after));
            if (a.empty() || b.empty()) return std::nullopt;
            return std::make_pair(std::move(a), std::move(b));
        }
    }
    return std::nullopt;
}

Lexicon load_lexicon(const Xapian::Database& db, const std::string& topics_json) {
    Lexicon lex;
    if (!topics_json.empty()) {
        const auto topics = nlohmann::json::parse(topics_json, nullptr, false);
        if (topics.is_array())
            for (const auto& t : topics)
                if (t.is_object()) lex.topic_labels[t.value("id", "")] = t.value("label", "");
    }
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        const std::string key = *k;
        auto& syns = lex.synonyms[key];
        for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t) syns.push_back(*t);
        if (key.empty() || key[0] == 'Z') continue;  // stemmed keys: not words
        std::vector<std::string> words;
        bool has_stop = false;
        for (const auto& w : words_of(key)) {
            has_stop = has_stop || stop_words().count(w.text);
            lex.known_words.insert(w.text);
            words.push_back(w.text);
        }
        if (words.size() > 1) lex.phrase_keys[words.front()].push_back(words);
        if (has_stop && words.size() > 1) lex.stop_word_keys.push_back(std::move(words));
    }
    return lex;
}

// Values after `field:` in a query: checked against the field's closed set
// and lower-cased, as filter terms are. Errors are collected rather than
// thrown through the parser, and reported once parsing is over.
struct QueryBuilder::Processor : Xapian::FieldProcessor {
    Processor(const QueryBuilder& b, const sc::Field& f, std::vector<std::string>& errors)
        : builder(b), field(f), errors_out(errors) {}
    Xapian::Query operator()(const std::string& value) override {
        std::string error;
        Xapian::Query q = builder.filter_value(field.name, value, error);
        if (!error.empty()) errors_out.push_back(std::string(field.name) + ":" + value.substr(0, 60) + ": " + error);
        return q;
    }
    const QueryBuilder& builder;
    const sc::Field& field;
    std::vector<std::string>& errors_out;
};

QueryBuilder::QueryBuilder() {
    for (const auto& w : stop_words()) stopper_.add(w);
}

QueryBuilder::~QueryBuilder() = default;

void QueryBuilder::reset(const Xapian::Database& db, Lexicon lexicon) {
    db_ = db;
    lex_ = std::move(lexicon);
    topic_ids_.clear();
    for (const auto& [id, label] : lex_.topic_labels) topic_ids_[lower_ascii(label)] = id;

    qp_ = Xapian::QueryParser();
    processors_.clear();
    qp_.set_database(db_);
    qp_.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp_.set_default_op(Xapian::Query::OP_AND);
    qp_.set_max_expansion(kMaxWildcardTerms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    // Ranges first: Xapian tries range processors before field prefixes, so
    // `year:2006..2017` is a value range and `year:2006` a filter term.
    years_ = std::make_unique<Xapian::NumberRangeProcessor>(sc::kSlotYearNumber, "year:");
    qp_.add_rangeprocessor(years_.get());
    for (const auto& f : sc::fields()) {
        if (f.kind == sc::FieldKind::Text) {
            qp_.add_prefix(std::string(f.name), std::string(f.prefix));
            continue;
        }
        processors_.push_back(std::make_unique<Processor>(*this, f, errors_));
        qp_.add_boolean_prefix(std::string(f.name), processors_.back().get());
    }
}

Xapian::Query QueryBuilder::filter_value(std::string_view name, std::string_view value, std::string& error) const {
    error.clear();
    const sc::Field* f = sc::field(name);
    if (!f || f->kind != sc::FieldKind::Filter) {
        error = "unknown filter '" + std::string(name.substr(0, 40)) + "'";
        return match_nothing();
    }
    if (!sc::valid_value(*f, value)) {
        error = "unknown " + std::string(name) + " '" + std::string(value.substr(0, 60)) + "' (expected " +
                sc::accepted_values(*f) + ")";
        return match_nothing();
    }
    const std::string v = lower_ascii(value);
    if (f->values == sc::Values::Level) {
        // "this level or stronger": level 3 means 1, 2 or 3.
        std::vector<Xapian::Query> any;
        for (char l = '1'; l <= v[0]; ++l) any.emplace_back(sc::filter_term(*f, std::string(1, l)));
        return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    if (f->values == sc::Values::Year && v.find("..") != std::string::npos) {
        const auto dots = v.find("..");
        const std::string from = v.substr(0, dots), to = v.substr(dots + 2);
        auto num = [](const std::string& y) { return Xapian::sortable_serialise(std::stoi(y)); };
        if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, sc::kSlotYearNumber, num(to));
        if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, sc::kSlotYearNumber, num(from));
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, sc::kSlotYearNumber, num(from), num(to));
    }
    if (f->name == "topic") {
        // A topic by id or by label.
        const auto it = topic_ids_.find(v);
        if (it != topic_ids_.end()) return Xapian::Query(sc::filter_term(*f, it->second));
    }
    return Xapian::Query(sc::filter_term(*f, v));
}

Xapian::Query QueryBuilder::filters(const std::map<std::string, std::vector<std::string>>& filters) const {
    std::vector<Xapian::Query> all;
    for (const auto& [name, values] : filters) {
        std::vector<Xapian::Query> any;
        for (const auto& v : values) {
            std::string error;
            Xapian::Query q = filter_value(name, v, error);
            if (!error.empty()) throw BadRequest(name, error);
            any.push_back(std::move(q));
        }
        if (!any.empty()) all.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    if (all.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

ParsedQuery QueryBuilder::parse(const std::string& q) {
    ParsedQuery out;
    if (q.find_first_not_of(" \t\r\n") == std::string::npos) {
        out.query = match_all();
        out.empty = true;
        return out;
    }
    // Keep the stop words of a multi-word synonym key present in the query.
    std::vector<std::string> keep;
    if (!lex_.stop_word_keys.empty()) {
        std::vector<std::string> words;
        for (auto& w : words_of(q)) words.push_back(std::move(w.text));
        for (const auto& key : lex_.stop_word_keys) {
            if (key.empty() || words.size() < key.size()) continue;
            for (std::size_t i = 0; i + key.size() <= words.size(); ++i) {
                if (!std::equal(key.begin(), key.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) continue;
                for (const auto& k : key)
                    if (stop_words().count(k)) keep.push_back(k);
            }
        }
    }
    Xapian::SimpleStopper reduced;
    if (!keep.empty())
        for (const auto& w : stop_words())
            if (std::find(keep.begin(), keep.end(), w) == keep.end()) reduced.add(w);
    qp_.set_stopper(keep.empty() ? &stopper_ : &reduced);

    errors_.clear();
    try {
        out.query = qp_.parse_query(q, parse_flags());
    } catch (const Xapian::QueryParserError&) {
        // Retry leniently: the words alone, with no operators or phrases.
        errors_.clear();
        try {
            out.query = qp_.parse_query(q, Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS);
            out.lenient = true;
        } catch (const Xapian::QueryParserError& e) {
            qp_.set_stopper(&stopper_);
            throw BadRequest("q", "the query cannot be parsed: " + e.get_msg());
        }
    }
    if (!errors_.empty()) {
        qp_.set_stopper(&stopper_);
        throw BadRequest("q", errors_.front());
    }
    // A phrase also matches a source whose body holds its words, anywhere
    // (bodies have no positions); titles, claims and quotes match it exactly.
    if (const std::string words = out.lenient ? "" : phrase_words(q); !words.empty()) {
        try {
            Xapian::Query loose = qp_.parse_query(words, parse_flags());
            if (errors_.empty() && !loose.empty()) {
                const Xapian::Query sources(sc::filter_term(*sc::field("kind"), std::string(sc::kKindSource)));
                out.query = Xapian::Query(Xapian::Query::OP_OR, out.query,
                                          Xapian::Query(Xapian::Query::OP_FILTER, loose, sources));
            }
        } catch (const Xapian::QueryParserError&) {
            // the query parsed with its phrases: keep it as it is
        }
        errors_.clear();
    }
    qp_.set_stopper(&stopper_);
    return out;
}

std::string QueryBuilder::suggest(const std::string& q) const {
    static const std::set<std::string> kOperators = {"and", "or", "not", "xor", "near", "adj"};
    thread_local Xapian::Stem stemmer{std::string(schema::kStemLanguage)};
    std::string out;
    std::size_t copied = 0;
    bool changed = false;
    for (const auto& w : words_of(q)) {
        const std::size_t end = w.offset + w.length;
        const bool prefixed = w.offset > 0 && q[w.offset - 1] == ':';
        const bool field = end < q.size() && q[end] == ':';
        const bool wildcard = end < q.size() && q[end] == '*';
        const std::string original = q.substr(w.offset, w.length);
        const bool op = kOperators.count(w.text) && original != w.text;  // NEAR, not near
        if (prefixed || field || wildcard || op || w.text.size() < 4 ||
            std::any_of(w.text.begin(), w.text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            stop_words().count(w.text) || lex_.known_words.count(w.text))
            continue;
        std::string suggestion;
        try {
            if (db_.term_exists(w.text) || db_.term_exists("Z" + stemmer(w.text))) continue;
            suggestion = db_.get_spelling_suggestion(w.text, w.text.size() <= 5 ? 1 : 2);
        } catch (const Xapian::Error&) {
            continue;  // no spelling table (the remote backend): no suggestion
        }
        if (suggestion.empty() || suggestion == w.text) continue;
        out += q.substr(copied, w.offset - copied);
        out += suggestion;
        copied = end;
        changed = true;
    }
    if (!changed) return "";
    out += q.substr(copied);
    return out;
}

}  // namespace evidence::search
