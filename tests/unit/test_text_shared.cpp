// The text helpers every module shares (model/text.hpp): the word splitter
// against Xapian's own TermGenerator, the one whitespace set, HTML escaping.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "ingest/text.hpp"
#include "model/text.hpp"
#include "search/query.hpp"

using namespace evidence;

namespace {

const WordChars kXapianChars{Xapian::Unicode::is_wordchar, Xapian::Unicode::tolower};

std::vector<std::string> texts_of(const std::vector<Word>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) out.push_back(w.text);
    return out;
}

// The unstemmed terms Xapian's TermGenerator indexes for `text`.
std::set<std::string> xapian_terms(const std::string& text) {
    Xapian::Document doc;
    Xapian::TermGenerator tg;
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    tg.set_document(doc);
    tg.index_text(text);
    std::set<std::string> out;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) out.insert(*it);
    return out;
}

}  // namespace

TEST_CASE("words_of: words, offsets and apostrophes", "[text]") {
    struct Row {
        std::string text;
        std::vector<std::string> words;
    };
    const std::vector<Row> rows = {
        {"Foam rolling, hip strength.", {"foam", "rolling", "hip", "strength"}},
        {"runner's knee", {"runner's", "knee"}},
        {"runner\u2019s knee", {"runner's", "knee"}},         // typographic apostrophe inside a word
        {"the runners' knees", {"the", "runners", "knees"}},  // at the end of a word: not kept
        {"'quoted' words", {"quoted", "words"}},
        {"ITBS \u00C9T\u00C9 caf\u00E9", {"itbs", "\u00E9t\u00E9", "caf\u00E9"}},
        {"2015-2017 vs. 10km", {"2015", "2017", "vs", "10km"}},
        {"AT&T paid 1,000.50; 3.2/10 & more", {"at&t", "paid", "1,000.50", "3.2", "10", "more"}},
        {"zero\u200Bwidth joins", {"zerowidth", "joins"}},
        {"", {}},
        {" \t\n", {}},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        CHECK(texts_of(words_of(r.text, kXapianChars)) == r.words);
    }
    const auto w = words_of("Is it \u00E9t\u00E9?", kXapianChars);
    REQUIRE(w.size() == 3);
    CHECK(w[2].offset == 6);
    CHECK(w[2].length == 5);  // two 2-byte letters and a t
    CHECK(w[0].offset == 0);
    CHECK(w[0].length == 2);
}

TEST_CASE("words_of: the words are the terms Xapian's TermGenerator indexes", "[text]") {
    const std::vector<std::string> texts = {
        "Foam rolling does not lengthen the iliotibial band (ITB).",
        "Runner's knee and the runners' knees: it's the hip abductors' job.",
        "Hip-abductor strengthening over 6 weeks; pain VAS 3.2/10 \u2192 1.1/10.",
        "Stretching \u2014 \u201Cthe IT band\u201D \u2014 is n\u2019t possible, caf\u00E9 \u00DCBER",
        "AT&T paid 1,000.50; 3.2/10 & more, rock\u2019n\u2019roll, zero\u200Bwidth",
    };
    for (const auto& t : texts) {
        INFO(t);
        const auto words = texts_of(words_of(t, kXapianChars));
        const std::set<std::string> ours(words.begin(), words.end());
        CHECK(ours == xapian_terms(t));
    }
}

TEST_CASE("words_of: the query parser and the indexer split alike", "[text]") {
    const std::string t = "Can you stretch the IT band? It\u2019s runner\u2019s advice.";
    CHECK(texts_of(search::words_of(t)) == texts_of(words_of(t, kXapianChars)));
}

TEST_CASE("whitespace: one set for every text read", "[text]") {
    struct Row {
        std::string in, collapsed;
    };
    const std::vector<Row> rows = {
        {"a  b", "a b"},
        {"\t a\r\n\f\vb \n", "a b"},
        {"no\u00A0break", "no break"},
        {"em\u2003space thin\u2009space hair\u200Aspace", "em space thin space hair space"},
        {"narrow\u202Fno-break medium\u205Fmath ideographic\u3000space",
         "narrow no-break medium math ideographic space"},
        {"zero\u200Bwidth", "zero\u200Bwidth"},  // not a space: U+200B is not in the set
        {"caf\u00E9", "caf\u00E9"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(collapse_whitespace(r.in) == r.collapsed);
        CHECK(ingest::normalise(r.in) == r.collapsed);  // the corpus reader uses the same set
    }
    CHECK(space_at("x", 5) == 0);
    CHECK(space_at("\xE2\x80", 0) == 0);  // cut short: not a space
}

TEST_CASE("html_escape: text and attributes", "[text]") {
    CHECK(html_escape("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
    CHECK(html_escape("caf\u00E9") == "caf\u00E9");
    CHECK(html_escape("") == "");
}
