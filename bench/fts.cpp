#include "bench/fts.hpp"

#include <stdexcept>
#include <unordered_map>

#include "bench/queries.hpp"

namespace evidence::bench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The facets that are one column of `docs`; topic and claim are tables.
const std::vector<std::string> kColumns = {"kind", "claim_type", "stance",   "level", "directness",
                                           "type", "year",       "interest", "site"};

void check(sqlite3* db, int rc, const std::string& what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error("sqlite: " + what + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "?";
        sqlite3_free(err);
        throw std::runtime_error("sqlite: " + sql + ": " + msg);
    }
}

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) : db_(db) { check(db, sqlite3_prepare_v2(db, sql, -1, &s_, nullptr), sql); }
    ~Stmt() { sqlite3_finalize(s_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    Stmt& text(int i, const std::string& v) {
        if (v.empty())
            sqlite3_bind_null(s_, i);
        else
            sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Stmt& integer(int i, long long v) {
        sqlite3_bind_int64(s_, i, v);
        return *this;
    }
    void run() {
        check(db_, sqlite3_step(s_), sqlite3_sql(s_));
        sqlite3_reset(s_);
    }

private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string interest(const Source& s) {
    if (s.commercial_interest.empty()) return "unknown";
    return s.has_interest() ? "yes" : "no";
}

json source_json(const Source& s) {
    return {{"id", s.id},
            {"title", s.title},
            {"type", to_string(s.type)},
            {"site", s.site},
            {"authors", s.authors},
            {"year", s.year()},
            {"url", s.url},
            {"commercial_interest", s.commercial_interest}};
}

json claim_json(const Claim& c) {
    return {{"id", c.id}, {"statement", c.statement}, {"type", to_string(c.type)}, {"topics", c.topics}};
}

// One document as the rows it becomes.
struct Row {
    std::string kind, claim_type, stance, level, directness, type, year, interest, site, data, page, said, extra;
    std::vector<std::string> topics, claims;
};

class Writer {
public:
    explicit Writer(sqlite3* db)
        : docs_(db,
                "INSERT INTO docs(id, kind, claim_type, stance, level, directness, type, year, interest, site, data, "
                "page) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)"),
          fts_(db, "INSERT INTO fts(rowid, said, extra) VALUES(?,?,?)"),
          topic_(db, "INSERT OR IGNORE INTO doc_topic(doc, topic) VALUES(?,?)"),
          claim_(db, "INSERT OR IGNORE INTO doc_claim(doc, claim) VALUES(?,?)") {}

    void add(const Row& r) {
        ++id_;
        docs_.integer(1, id_).text(2, r.kind).text(3, r.claim_type).text(4, r.stance).text(5, r.level);
        docs_.text(6, r.directness).text(7, r.type).text(8, r.year).text(9, r.interest).text(10, r.site);
        docs_.text(11, r.data).text(12, r.page).run();
        fts_.integer(1, id_).text(2, r.said).text(3, r.extra).run();
        for (const auto& t : r.topics) topic_.integer(1, id_).text(2, t).run();
        for (const auto& c : r.claims) claim_.integer(1, id_).text(2, c).run();
    }
    long long count() const { return id_; }

private:
    Stmt docs_, fts_, topic_, claim_;
    long long id_ = 0;
};

}  // namespace

std::size_t FtsIndex::build(const Corpus& c, const fs::path& file) {
    fs::remove(file);
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("sqlite: cannot open " + file.string());
    }
    try {
        // A bulk load into a new file: no journal, no fsync until the end.
        exec(db,
             "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
             "PRAGMA temp_store=MEMORY; BEGIN;");
        exec(db,
             "CREATE TABLE docs(id INTEGER PRIMARY KEY, kind TEXT, claim_type TEXT, stance TEXT, level TEXT,"
             " directness TEXT, type TEXT, year TEXT, interest TEXT, site TEXT COLLATE NOCASE, data TEXT, page TEXT);"
             "CREATE TABLE doc_topic(doc INTEGER, topic TEXT, PRIMARY KEY(doc, topic)) WITHOUT ROWID;"
             "CREATE TABLE doc_claim(doc INTEGER, claim TEXT, PRIMARY KEY(doc, claim)) WITHOUT ROWID;"
             "CREATE VIRTUAL TABLE fts USING fts5(said, extra, tokenize='porter unicode61');");
        std::unordered_map<std::string, const Claim*> claims;
        std::unordered_map<std::string, const Source*> sources;
        std::unordered_map<std::string, std::string> labels;
        for (const auto& x : c.claims) claims[x.id] = &x;
        for (const auto& x : c.sources) sources[x.id] = &x;
        for (const auto& t : c.topics) labels[t.id] = t.label;

        Writer w(db);
        for (const auto& cl : c.claims) {
            Row r;
            r.kind = "claim";
            r.claim_type = to_string(cl.type);
            r.said = cl.statement;
            for (const auto& t : cl.topics) r.extra += labels[t] + " ";
            r.topics = cl.topics;
            r.claims = {cl.id};
            json j = claim_json(cl);
            j["kind"] = "claim";
            j["competes"] = cl.competes;
            r.data = dump(j);
            w.add(r);
        }
        for (const auto& s : c.sources) {
            Row r;
            r.kind = "source";
            r.type = to_string(s.type);
            r.year = s.year();
            r.interest = interest(s);
            r.site = s.site;
            if (s.level > 0) r.level = std::to_string(s.level);
            r.said = s.text;
            r.extra = s.title + " " + s.site + " " + kFtsSourceMarker;
            for (const auto& a : s.authors) r.extra += " " + a;
            for (const auto& a : s.assertions) {
                r.claims.push_back(a.claim);
                if (const auto it = claims.find(a.claim); it != claims.end())
                    r.topics.insert(r.topics.end(), it->second->topics.begin(), it->second->topics.end());
            }
            json j = source_json(s);
            j["kind"] = "source";
            j["credentials"] = s.credentials;
            j["assertion_count"] = s.assertions.size();
            r.data = dump(j);
            json page = {{"html", s.html}, {"posts", json::array()}};
            for (const auto& p : s.posts)
                page["posts"].push_back({{"id", p.id}, {"author", p.author}, {"html", p.html}});
            r.page = dump(page);
            w.add(r);

            for (const auto& a : s.assertions) {
                const Claim* cl = claims.count(a.claim) ? claims[a.claim] : nullptr;
                Row ar;
                ar.kind = "assertion";
                ar.type = r.type;
                ar.year = r.year;
                ar.interest = r.interest;
                ar.site = r.site;
                ar.stance = to_string(a.stance);
                ar.level = std::to_string(a.level);
                ar.directness = to_string(a.directness);
                ar.said = a.quote.empty() ? a.finding : a.quote;
                if (cl) {
                    ar.claim_type = to_string(cl->type);
                    ar.extra = cl->statement;
                    for (const auto& t : cl->topics) ar.extra += " " + labels[t];
                    ar.topics = cl->topics;
                }
                ar.claims = {a.claim};
                json cites = json::array();
                for (const auto& ci : a.cites) {
                    const auto it = sources.find(ci.study);
                    cites.push_back({{"study", ci.study},
                                     {"title", it != sources.end() ? it->second->title : ""},
                                     {"level", it != sources.end() ? it->second->level : 0}});
                }
                json j2 = {{"kind", "assertion"},
                           {"id", a.id},
                           {"title", cl ? cl->statement : a.claim},
                           {"stance", ar.stance},
                           {"level", a.level},
                           {"directness", ar.directness},
                           {"claim", cl ? claim_json(*cl) : json{{"id", a.claim}}},
                           {"source", source_json(s)},
                           {"post", a.post},
                           {"quote", a.quote},
                           {"finding", a.finding},
                           {"cites", cites}};
                ar.data = dump(j2);
                w.add(ar);
            }
        }
        // Indexes after the bulk load, as one would; then merge the FTS5 segments.
        for (const auto& col : kColumns) exec(db, "CREATE INDEX docs_" + col + " ON docs(" + col + ")");
        exec(db, "CREATE INDEX doc_topic_topic ON doc_topic(topic); CREATE INDEX doc_claim_claim ON doc_claim(claim);");
        exec(db, "INSERT INTO fts(fts) VALUES('optimize'); COMMIT;");
        const auto n = static_cast<std::size_t>(w.count());
        sqlite3_close(db);
        return n;
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
}

FtsIndex::FtsIndex(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db_);
        throw std::runtime_error("sqlite: cannot open " + file.string());
    }
    exec(db_,
         "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"
         "CREATE TEMP TABLE hits(id INTEGER PRIMARY KEY, kind, claim_type, stance, level, directness, type,"
         " year, interest, site)");
}

FtsIndex::~FtsIndex() {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s);
    sqlite3_close(db_);
}

sqlite3_stmt* FtsIndex::prepare(const std::string& sql) {
    auto& s = cache_[sql];
    if (!s) check(db_, sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), sql);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

FtsResult FtsIndex::search(const FtsQuery& q, int size) {
    // The filters, as SQL over `docs d`, with their parameters after the MATCH one.
    std::string where;
    std::vector<std::string> params;
    for (const auto& [name, values] : q.filters) {
        std::vector<std::string> any = values;
        if (name == "level") {
            any.clear();
            for (char l = '1'; l <= values.at(0)[0]; ++l) any.emplace_back(1, l);
        }
        std::string in;
        for (const auto& v : any) {
            in += in.empty() ? "?" : ",?";
            params.push_back(v);
        }
        if (name == "topic" || name == "claim")
            where +=
                " AND EXISTS (SELECT 1 FROM doc_" + name + " t WHERE t.doc = d.id AND t." + name + " IN (" + in + "))";
        else
            where += " AND d." + name + " IN (" + in + ")";
    }
    auto bind = [&](sqlite3_stmt* s) {
        sqlite3_bind_text(s, 1, q.match.data(), static_cast<int>(q.match.size()), SQLITE_STATIC);
        for (std::size_t i = 0; i < params.size(); ++i)
            sqlite3_bind_text(s, static_cast<int>(i + 2), params[i].data(), static_cast<int>(params[i].size()),
                              SQLITE_STATIC);
    };
    auto step_all = [&](sqlite3_stmt* s, auto&& row) {
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) row(s);
        check(db_, rc, sqlite3_sql(s));
    };
    auto text = [](sqlite3_stmt* s, int col) {
        const auto* p = sqlite3_column_text(s, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
                 : std::string();
    };

    FtsResult res;
    exec(db_, "DELETE FROM temp.hits");
    sqlite3_stmt* ins = prepare(
        "INSERT INTO temp.hits SELECT d.id, d.kind, d.claim_type, d.stance, d.level, d.directness, d.type, d.year,"
        " d.interest, d.site FROM fts CROSS JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ?" +
        where);
    bind(ins);
    step_all(ins, [](sqlite3_stmt*) {});
    res.total = static_cast<std::size_t>(sqlite3_changes(db_));

    for (const auto& col : kColumns) {
        sqlite3_stmt* s =
            prepare("SELECT " + col + ", count(*) FROM temp.hits WHERE " + col + " IS NOT NULL GROUP BY " + col);
        auto& out = res.facets[col];
        step_all(s, [&](sqlite3_stmt* r) { out[text(r, 0)] = static_cast<std::size_t>(sqlite3_column_int64(r, 1)); });
    }
    for (const std::string name : {"topic", "claim"}) {
        sqlite3_stmt* s = prepare("SELECT t." + name + ", count(*) FROM temp.hits h JOIN doc_" + name +
                                  " t ON t.doc = h.id GROUP BY t." + name);
        auto& out = res.facets[name];
        step_all(s, [&](sqlite3_stmt* r) { out[text(r, 0)] = static_cast<std::size_t>(sqlite3_column_int64(r, 1)); });
    }

    // The page by bm25; snippets only for its rows (snippet() in the ranked
    // query would be computed for every match before the sort).
    // With filters, the matches are joined to the filtered hits (a lookup by
    // key each); "rowid IN (SELECT ...)" would instead have FTS5 re-run the
    // MATCH for every hit, seconds per query.
    sqlite3_stmt* top = prepare(where.empty() ? "SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2"
                                              : "SELECT fts.rowid FROM fts CROSS JOIN temp.hits h ON h.id = fts.rowid"
                                                " WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2");
    sqlite3_bind_text(top, 1, q.match.data(), static_cast<int>(q.match.size()), SQLITE_STATIC);
    sqlite3_bind_int(top, 2, size);
    std::vector<long long> ids;
    step_all(top, [&](sqlite3_stmt* r) { ids.push_back(sqlite3_column_int64(r, 0)); });
    sqlite3_stmt* snip = prepare(
        "SELECT snippet(fts, 0, '<mark>', '</mark>', '…', 40), d.data FROM fts JOIN docs d ON d.id = fts.rowid"
        " WHERE fts MATCH ?1 AND fts.rowid = ?2");
    for (const long long id : ids) {
        sqlite3_reset(snip);
        sqlite3_bind_text(snip, 1, q.match.data(), static_cast<int>(q.match.size()), SQLITE_STATIC);
        sqlite3_bind_int64(snip, 2, id);
        step_all(snip, [&](sqlite3_stmt* r) { res.hits.push_back({id, text(r, 0), json::parse(text(r, 1))}); });
    }
    return res;
}

}  // namespace evidence::bench
