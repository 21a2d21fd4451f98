// Shards: the fixture index built as two databases (claims in one, the
// sources and their assertions split between both) and searched as one,
// locally and over Xapian's remote backend (xapian-tcpsrv), must answer as
// the single index does.
//
// What each shard needs: every document is built from a CorpusView of the
// WHOLE corpus (an assertion's claim statement and topics, a citation's
// bears_on_claim, a retraction, a claim's strongest evidence all look across
// sources), and every shard holds the schema version, the topics and the
// synonyms. Claims live in one shard only, or they would be counted twice.
//
// Over the remote backend Xapian 1.4 has no synonym or spelling tables:
// synonyms do not expand and there is no "did you mean"; totals, facets,
// hits, sorting and snippets are the same.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "index/documents.hpp"
#include "model/schema.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
using namespace search_test;
namespace sc = evidence::schema;

namespace {

// Writes part of the fixture into `path`, as the indexer writes it.
void build_shard(const fs::path& path, bool with_claims, std::size_t parity) {
    const Corpus& corpus = fixture().corpus;
    Xapian::WritableDatabase w(path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_database(w);
    tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    const index::CorpusView view(corpus);  // the whole corpus, whatever the shard holds
    if (with_claims)
        for (const auto& c : corpus.claims)
            w.replace_document(sc::id_term(sc::kKindClaim, c.id), index::claim_document(view, c, tg));
    for (std::size_t i = 0; i < corpus.sources.size(); ++i) {
        if (i % 2 != parity) continue;
        const Source& s = corpus.sources[i];
        w.replace_document(sc::id_term(sc::kKindSource, s.id), index::source_document(view, s, tg));
        for (const auto& a : s.assertions)
            w.replace_document(sc::id_term(sc::kKindAssertion, a.id), index::assertion_document(view, s, a, tg));
    }
    for (const auto& [key, synonym] : index::synonym_entries(corpus.synonyms)) w.add_synonym(key, synonym);
    nlohmann::json topics = nlohmann::json::array();
    for (const auto& t : corpus.topics)
        topics.push_back({{"id", t.id}, {"label", t.label}, {"kind", to_string(t.kind)}, {"description", t.description}});
    w.set_metadata(std::string(sc::kVersionKey), std::to_string(sc::kVersion));
    w.set_metadata(std::string(sc::kTopicsKey), topics.dump());
    w.commit();
}

struct Shards {
    TempDir tmp;
    fs::path a, b;
    Shards() : a(tmp.path / "shard-a"), b(tmp.path / "shard-b") {
        build_shard(a, true, 0);
        build_shard(b, false, 1);
    }
};

using Filters = std::map<std::string, std::vector<std::string>>;
struct Query {
    std::string q;
    Filters filters;
    std::string sort;
};

// Queries that do not depend on synonyms or spelling.
const std::vector<Query> kQueries = {
    {"", {}, ""},
    {"", {}, "date"},
    {"foam", {}, ""},
    // A phrase also matches source bodies as words (query.cpp), which for
    // "foam rolling" would bring in its synonyms: a phrase without any.
    {"\"roll the band\"", {}, "strength"},
    {"roll*", {{"kind", {"assertion"}}}, ""},
    {"pain -foam", {}, ""},
    {"stance:supports", {}, ""},
    {"level:3", {{"topic", {"hip-strengthening"}}}, ""},
    {"year:2006..2017", {}, "date"},
    {"", {{"stance", {"opposes", "mixed"}}, {"type", {"study", "article"}}}, ""},
    {"", {{"interest", {"yes"}}}, "strength"},
    {"cures OR tag OR fat", {}, ""},
    {"author:tester OR site:\"roller shop\"", {}, ""},
};

std::map<std::string, std::map<std::string, std::size_t>> facet_map(const search::SearchResponse& r) {
    std::map<std::string, std::map<std::string, std::size_t>> out;
    for (const auto& [name, values] : r.facets)
        for (const auto& v : values) out[name][v.value] = v.count;
    return out;
}

void same_answers(search::Searcher& single, search::Searcher& sharded, const std::vector<Query>& queries) {
    for (const auto& q : queries) {
        INFO("query: '" << q.q << "' sort: " << q.sort << " filters: " << q.filters.size());
        const auto one = all_of(single, q.q, q.filters, q.sort);
        const auto two = all_of(sharded, q.q, q.filters, q.sort);
        CHECK(two.total == one.total);
        CHECK(ids_of(two) == ids_of(one));
        CHECK(facet_map(two) == facet_map(one));
        // The same snippet for each hit, whichever shard holds it.
        std::map<std::string, std::string> snippets;
        for (const auto& h : one.hits) snippets[h.kind + ":" + h.id] = h.snippet;
        for (const auto& h : two.hits) CHECK(snippets[h.kind + ":" + h.id] == h.snippet);
    }
}

unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string find_tcpsrv() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
        const fs::path p = fs::path(dir) / "xapian-tcpsrv";
        if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
    return "";
}

// One xapian-tcpsrv on 127.0.0.1 serving one shard; stopped on destruction.
class TcpServer {
public:
    TcpServer(const std::string& binary, const fs::path& db) : port_(free_port()) {
        const std::string port = std::to_string(port_);
        std::fflush(nullptr);  // or the child would write our buffered output again
        pid_ = ::fork();
        if (pid_ == 0) {
            // Its own process group: on SIGTERM xapian-tcpsrv signals its
            // whole group, which would otherwise be this test.
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execl(binary.c_str(), binary.c_str(), "--interface", "127.0.0.1", "--port", port.c_str(), db.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Ready when it answers.
        for (int i = 0; i < 100; ++i) {
            try {
                Xapian::Remote::open("127.0.0.1", port_, 1000, 1000).get_doccount();
                return;
            } catch (const Xapian::Error&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    ~TcpServer() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    unsigned port_;
    pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("shards: two local databases answer as the single index", "[shards]") {
    const Shards shards;
    search::Searcher sharded({search::parse_shard(shards.a.string()), search::parse_shard(shards.b.string())});
    auto& single = searcher();
    CHECK(all_of(sharded, "").total == kDocuments);
    same_answers(single, sharded, kQueries);
    // Locally, synonyms and spelling come from every shard.
    same_answers(single, sharded,
                 {{"itb", {}, ""}, {"voltaren", {}, ""}, {"IT band", {}, ""}, {"\"foam rolling\"", {}, "strength"}});
    CHECK(all_of(sharded, "iliotibail").suggestion == "iliotibial");
    // The shards carry "Z"+stem synonym keys (index::synonym_entries): an
    // inflected word finds the group too ("nsaids" when the list says "nsaid";
    // not "NSAIDs": Xapian does not stem a capitalised word, nor look up its stem).
    CHECK(ids_of(all_of(sharded, "nsaids")).count(aid("roller-shop", "ibuprofen")) == 1);
    CHECK(sharded.full_lexicon());
    CHECK(sharded.stats()["shards"] == 2);
}

TEST_CASE("shards: remote shards (xapian-tcpsrv) answer as the single index", "[shards]") {
    const std::string tcpsrv = find_tcpsrv();
    if (tcpsrv.empty()) {
        WARN("xapian-tcpsrv is not installed (Debian: xapian-tools): remote shards not tested");
        return;
    }
    const Shards shards;
    const TcpServer a(tcpsrv, shards.a), b(tcpsrv, shards.b);
    search::Searcher remote({search::parse_shard(a.spec()), search::parse_shard(b.spec())});
    auto& single = searcher();
    CHECK(all_of(remote, "").total == kDocuments);
    same_answers(single, remote, kQueries);
    // One remote shard and one local: the same again.
    search::Searcher mixed({search::parse_shard(a.spec()), search::parse_shard(shards.b.string())});
    same_answers(single, mixed, kQueries);

    // What degrades: no synonyms, no spelling over the remote backend.
    CHECK_FALSE(remote.full_lexicon());
    const auto itb_local = ids_of(all_of(single, "itb")), itb_remote = ids_of(all_of(remote, "itb"));
    CHECK(itb_remote.size() < itb_local.size());
    for (const auto& id : itb_remote) CHECK(itb_local.count(id) == 1);
    CHECK(all_of(remote, "iliotibail").suggestion.empty());
    // Ids still resolve across shards.
    CHECK(remote.get("claim", "hip-strength-resolves"));
    CHECK(remote.source_page("roller-shop"));
}

TEST_CASE("shards: a shard spec is a path or tcp://host:port", "[shards]") {
    struct Row {
        std::string spec, path, host;
        unsigned port;
    };
    const std::vector<Row> rows = {
        {"index", "index", "", 0},
        {"/srv/shard-1", "/srv/shard-1", "", 0},
        {"tcp://10.0.0.5:7000", "", "10.0.0.5", 7000},
        {"tcp://search-1.internal:33333", "", "search-1.internal", 33333},
    };
    for (const auto& r : rows) {
        INFO(r.spec);
        const auto s = search::parse_shard(r.spec);
        CHECK(s.path == r.path);
        CHECK(s.host == r.host);
        CHECK(s.port == r.port);
        CHECK(s.str() == r.spec);
    }
    for (const std::string bad : {"tcp://", "tcp://host", "tcp://host:", "tcp://:80", "tcp://h:0", "tcp://h:70000",
                                  "tcp://h:8x"}) {
        INFO(bad);
        CHECK_THROWS_AS(search::parse_shard(bad), search::BadRequest);
    }
    CHECK_THROWS_AS(search::Searcher(std::vector<search::Shard>{}), search::Unavailable);
    CHECK_THROWS_AS(search::Searcher({search::parse_shard("/nonexistent/shard")}), search::Unavailable);
}
