// The parse cache file (ingest/parse_cache.cpp) that `evidence index` keeps
// between runs, and the parallel load: whatever a load takes from the file,
// and however many threads read the folder, it gives exactly what a plain
// load gives, field by field.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "ingest/corpus.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
namespace fs = std::filesystem;

namespace {

// Every field a load gives, for comparing two loads.
std::string everything(const ingest::LoadResult& r) {
    std::ostringstream o;
    auto place = [&](const Place& p) { o << " @" << p.file << ":" << p.line; };
    for (const auto& t : r.corpus.topics) o << "topic " << t.id << "|" << t.label << "\n";
    for (const auto& c : r.corpus.claims) o << "claim " << c.id << "|" << c.statement << "\n";
    for (const auto& g : r.corpus.synonyms) o << "synonyms " << g.terms.size() << "\n";
    for (const auto& s : r.corpus.sources) {
        o << "source " << s.id << "|" << to_string(s.type) << "|" << s.title << "|" << s.site << "|" << s.url << "|"
          << s.published << "|" << s.credentials << "|" << s.commercial_interest << "|" << s.note << "|" << s.level
          << "|study " << s.study.has_value();
        place(s.place);
        for (const auto& a : s.authors) o << "\n author " << a;
        o << "\n markdown " << s.markdown << "\n html " << s.html << "\n text " << s.text << "\n";
        for (const auto& p : s.posts)
            o << " post " << p.id << "|" << p.author << "|" << p.line << "\n  " << p.markdown << "\n  " << p.html
              << "\n  " << p.text << "\n";
        for (const auto& a : s.assertions) {
            o << " assertion " << a.id << "|" << a.source << "|" << a.post << "|" << a.claim << "|"
              << to_string(a.stance) << "|" << a.quote << "|" << a.prefix << "|" << a.suffix << "|" << a.finding << "|"
              << a.level << "|" << to_string(a.directness) << "|" << a.note << "|" << a.review_note << "|"
              << (a.outcome ? std::string(to_string(*a.outcome)) : "-") << "|" << a.quote_offset << "|" << a.quote_line;
            place(a.place);
            for (auto p : a.population) o << " " << to_string(p);
            for (const auto& c : a.cites) {
                o << "\n  cites " << c.study << "|" << c.unresolved << "|" << c.guessed;
                place(c.place);
            }
            o << "\n";
        }
    }
    for (const auto& e : r.errors) o << "error " << e.str() << "\n";
    for (const auto& e : r.skipped) o << "skipped " << e.str() << "\n";
    return o.str();
}

// The fixture corpus with its search overlay: sources with posts, quotes
// with prefixes, cited and unresolved references, studies.
fs::path lay_corpus(const fs::path& where) {
    const fs::path corpus = where / "corpus";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    return corpus;
}

std::size_t source_files(const fs::path& corpus) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(corpus / "sources")) n += e.path().extension() == ".md";
    return n;
}

void append(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::app) << text; }

}  // namespace

TEST_CASE("parse cache file: a load from it gives every field a plain load gives", "[ingest]") {
    TempDir tmp;
    const fs::path corpus = lay_corpus(tmp.path);
    // A source file with a parse error is cached with its error.
    std::ofstream(corpus / "sources" / "broken.md") << "---\nid: broken\ntype: article\ntitle: [unclosed\n---\nBody.\n";
    const fs::path file = tmp.path / "parse-cache";
    const std::size_t files = source_files(corpus);

    ingest::ParseCache first;
    CHECK(ingest::read_parse_cache(file, first, "build A") == "none yet");
    const auto parsed = ingest::load_corpus(corpus, {}, &first);
    CHECK(first.parsed == files);
    ingest::write_parse_cache(file, first, "build A");

    ingest::ParseCache again;
    CHECK(ingest::read_parse_cache(file, again, "build A") == std::to_string(files) + " files");
    const auto cached = ingest::load_corpus(corpus, {}, &again);
    CHECK(again.parsed == 0);
    CHECK(again.reused == files);
    const auto plain = ingest::load_corpus(corpus);
    CHECK(everything(plain).find("error " + (corpus / "sources" / "broken.md").string()) != std::string::npos);
    CHECK(everything(cached) == everything(plain));
    CHECK(everything(parsed) == everything(plain));

    SECTION("another build's file is not read") {
        ingest::ParseCache other;
        CHECK(ingest::read_parse_cache(file, other, "build B") == "ignored: written by another build of evidence");
        CHECK(other.sources.empty());
        ingest::load_corpus(corpus, {}, &other);
        CHECK(other.parsed == files);
    }
    SECTION("a damaged entry ends the reading; what it held is parsed again") {
        std::string bytes = read_text(file);
        // A byte in the middle of the last entry's stored parse.
        bytes[bytes.size() - 40] ^= 0x20;
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
        ingest::ParseCache damaged;
        const std::string said = ingest::read_parse_cache(file, damaged, "build A");
        CHECK(said == std::to_string(files - 1) + " files (the rest ignored: an entry's checksum does not hold)");
        CHECK_FALSE(damaged.appendable);
        const auto r = ingest::load_corpus(corpus, {}, &damaged);
        CHECK(damaged.parsed == 1);
        CHECK(everything(r) == everything(plain));
        // Written anew, whole.
        ingest::write_parse_cache(file, damaged, "build A");
        ingest::ParseCache mended;
        CHECK(ingest::read_parse_cache(file, mended, "build A") == std::to_string(files) + " files");
        CHECK(mended.appendable);
    }
    SECTION("a file cut short keeps the entries before the cut") {
        const std::string bytes = read_text(file);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 10);
        ingest::ParseCache cut;
        CHECK(ingest::read_parse_cache(file, cut, "build A") ==
              std::to_string(files - 1) + " files (the rest ignored: it ends inside an entry)");
        const auto r = ingest::load_corpus(corpus, {}, &cut);
        CHECK(cut.parsed == 1);
        CHECK(everything(r) == everything(plain));
    }
    SECTION("not a cache file at all") {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "---\nid: x\n";
        ingest::ParseCache junk;
        CHECK(ingest::read_parse_cache(file, junk, "build A") == "ignored: written by another build of evidence");
    }
}

TEST_CASE("parse cache file: an edit is appended, the newest entry counts, and stale entries are dropped", "[ingest]") {
    TempDir tmp;
    const fs::path corpus = lay_corpus(tmp.path);
    const fs::path file = tmp.path / "parse-cache";
    const fs::path article = corpus / "sources" / "article.md";
    const std::size_t files = source_files(corpus);
    {
        ingest::ParseCache c;
        ingest::load_corpus(corpus, {}, &c);
        ingest::write_parse_cache(file, c, "build A");
    }
    const auto size0 = fs::file_size(file);
    std::uintmax_t before = size0;
    bool rewritten = false;
    // Each round edits the article: its new entry is appended, and the
    // file is written anew once more than half of it is stale entries.
    for (int round = 1; round <= 12; ++round) {
        INFO("round " << round);
        append(article, "\nEdit number " + std::to_string(round) + ".\n");
        ingest::ParseCache c;
        REQUIRE(ingest::read_parse_cache(file, c, "build A") == std::to_string(files) + " files");
        const auto r = ingest::load_corpus(corpus, {}, &c);
        CHECK(c.parsed == 1);
        CHECK(everything(r) == everything(ingest::load_corpus(corpus)));
        ingest::write_parse_cache(file, c, "build A");
        const auto after = fs::file_size(file);
        if (after < before) {
            rewritten = true;
            // Only the live entries are left: about the first file's size.
            CHECK(after < size0 + size0 / 2);
        } else {
            CHECK(after > before);  // appended
        }
        before = after;
        // The newest entry is the one read.
        ingest::ParseCache next;
        ingest::read_parse_cache(file, next, "build A");
        const auto reread = ingest::load_corpus(corpus, {}, &next);
        CHECK(next.parsed == 0);
        CHECK(reread.corpus.source("example-article")->text.find("Edit number " + std::to_string(round)) !=
              std::string::npos);
    }
    CHECK(rewritten);

    // A removed file's entry is not written again.
    fs::remove(article);
    ingest::ParseCache c;
    ingest::read_parse_cache(file, c, "build A");
    ingest::load_corpus(corpus, {}, &c);
    CHECK(c.sources.size() == files - 1);
}

TEST_CASE("load: many files read by several threads load exactly as by one", "[ingest]") {
    TempDir tmp;
    const fs::path corpus = lay_corpus(tmp.path);
    const std::string article = read_text(corpus / "sources" / "article.md");
    const std::string id = "id: example-article\n";
    REQUIRE(article.find(id) != std::string::npos);
    // 60 copies of the article under their own ids; every seventh one with a
    // quote its body lacks, every eleventh with the id of another (errors).
    for (int k = 0; k < 60; ++k) {
        std::string copy = article;
        const std::string new_id = k % 11 == 5 ? "copy-0" : "copy-" + std::to_string(k);
        copy.replace(copy.find(id), id.size(), "id: " + new_id + "\n");
        if (k % 7 == 3) copy.replace(copy.find("richly innervated"), 17, "densely innervated");
        std::ofstream(corpus / "sources" / ("copy-" + std::to_string(k) + ".md")) << copy;
    }
    const auto one = ingest::load_corpus(corpus, {}, nullptr, 1);
    CHECK(one.corpus.sources.size() >= 60);
    CHECK(one.errors.size() >= 10);
    for (unsigned threads : {2u, 3u, 8u}) {
        INFO(threads << " threads");
        CHECK(everything(ingest::load_corpus(corpus, {}, nullptr, threads)) == everything(one));
        ingest::ParseCache c;
        CHECK(everything(ingest::load_corpus(corpus, {}, &c, threads)) == everything(one));
        CHECK(c.parsed == source_files(corpus));
        CHECK(everything(ingest::load_corpus(corpus, {}, &c, threads)) == everything(one));
        CHECK(c.reused == source_files(corpus));
    }
    // Progress is reported on the caller's thread, ending at the total.
    std::size_t last_done = 0, last_total = 0, calls = 0;
    const auto caller = std::this_thread::get_id();
    bool other_thread = false;
    ingest::load_corpus(
        corpus,
        [&](std::size_t done, std::size_t total, std::string_view) {
            other_thread = other_thread || std::this_thread::get_id() != caller;
            last_done = done;
            last_total = total;
            ++calls;
        },
        nullptr, 4);
    CHECK_FALSE(other_thread);
    CHECK(calls > 1);
    CHECK(last_done == last_total);
}
