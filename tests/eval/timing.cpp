// `make bench` timing (evidence_eval --timing): a question (search + answer)
// against a plain search of its content words; claim matching of texts of
// 500, 1,000 and 2,000 words (time per sentence: linear?), and of the
// 500-word text four times over, against one question; and the same 2,000-word text on the index of a synthetic corpus
// of 10,000 sources. Medians of rounds, in CPU time of this thread: the
// machine is shared, and the wall time of a process at nice 19 measures the
// other jobs more than this one.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "search/answer.hpp"
#include "search/compare.hpp"
#include "search/match.hpp"
#include "search/natural.hpp"
#include "search/profile.hpp"
#include "tests/eval/evaluate.hpp"

namespace evidence::eval {

namespace {

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

template <class F>
double median_ms(F&& f, int rounds) {
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        const double a = cpu_ms();
        f();
        t.push_back(cpu_ms() - a);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

std::string line(const char* fmt, double a, double b = 0, double c = 0, double d = 0, double e = 0) {
    char out[400];
    std::snprintf(out, sizeof out, fmt, a, b, c, d, e);
    return out;
}

}  // namespace

std::string timing(const std::filesystem::path& db, const std::vector<std::string>& questions,
                   const std::filesystem::path& corpus, const std::filesystem::path& synthetic_db) {
    search::Searcher s(db);
    const int rounds = 15;
    double ask = 0, plain = 0, searched = 0, answer = 0;
    for (const auto& q : questions) {
        search::SearchRequest req;
        req.q = q;
        ask += median_ms([&] { search::ask(s, req); }, rounds);
        searched += median_ms([&] { s.search(req); }, rounds);
        answer += median_ms([&] { search::answer_claims(s, req); }, rounds);
        std::string words;
        for (const auto& u : search::units_of(q, search::Lexicon{}))
            if (!u.filler) words += (words.empty() ? "" : " ") + u.text;
        search::SearchRequest p;
        p.q = words;
        plain += median_ms([&] { s.search(p); }, rounds);
    }
    const auto n = static_cast<double>(questions.size());
    ask /= n, plain /= n, searched /= n, answer /= n;
    std::string out = line(
        "question (search + answer), mean of medians: %.3f ms; plain search of its content words: %.3f ms; "
        "ratio %.2f (target <= 1.5)\n"
        "  of which the question's search %.3f ms, its answer (claim query, certainty) %.3f ms\n",
        ask, plain, ask / plain, searched, answer);
    // The same questions, each the first on a newly opened index: nothing
    // memoized yet (a claim's evidence is computed once per open index,
    // Searcher::memo).
    double cold = 0;
    for (const auto& q : questions) {
        search::Searcher fresh(db);
        search::SearchRequest req;
        req.q = q;
        cold += median_ms([&] { search::ask(fresh, req); }, 1);
    }
    cold /= n;
    out += line("question first on a newly opened index (nothing memoized): %.3f ms; ratio %.2f\n", cold, cold / plain);
    // Texts of 500, 1,000 and 2,000 words: the time per sentence stays
    // the same when matching is linear in the sentences.
    double per_500 = 0, m2000 = 0, claims2000 = 0, on_index2000 = 0;
    std::string text_2000;
    for (const std::size_t words : {500, 1000, 2000}) {
        const std::string text = corpus_text(corpus, words);
        const auto spans = search::split_sentences(text);
        const double t = median_ms([&] { search::match_text(s, text); }, 5);
        const double per = 1000 * t / static_cast<double>(spans.size());
        if (words == 500) per_500 = per;
        if (words == 2000) {
            m2000 = t;
            text_2000 = text;
            // The claim query of each sentence alone (search/profile.hpp),
            // the rest being its stance and the claims' certainty.
            for (const auto& sp : spans) {
                const std::string sentence = text.substr(sp.start, sp.end - sp.start);
                claims2000 += median_ms([&] { search::match_claims(s, sentence, 3); }, 5);
                on_index2000 +=
                    median_ms([&] { search::match_claims(s, sentence, 3, search::ProfileMode::FullOnIndex); }, 5);
            }
        }
        out += line(
            "%.0f-word text (%.0f sentences) matched: %.2f ms, %.1f us a sentence (%.2f x the 500-word "
            "text's; linear: ~1)\n",
            static_cast<double>(words), static_cast<double>(spans.size()), t, per, per / per_500);
    }
    out += line(
        "2,000-word text = %.1f questions (target <= 20); its claim queries alone %.2f ms (on the in-memory copy of "
        "the claims' profiles; the same queries on the index itself: %.2f ms)\n",
        m2000 / ask, claims2000, on_index2000);
    // The same sentences over again: the 500-word text four times, against
    // once (its sentences differ from those of the longer texts).
    const std::string once = corpus_text(corpus, 500);
    std::string four;
    for (int i = 0; i < 4; ++i) four += once + "\n";
    const double t1 = median_ms([&] { search::match_text(s, once); }, 5);
    const double t4 = median_ms([&] { search::match_text(s, four); }, 5);
    out += line("the 500-word text four times over: %.2f ms = %.2f x once (linear: 4)\n", t4, t4 / t1);
    if (!synthetic_db.empty()) {
        search::Searcher big(synthetic_db);
        const double t = median_ms([&] { search::match_text(big, text_2000); }, 5);
        out += line(
            "the same 2,000-word text on the synthetic corpus's index: %.2f ms = %.2f x the bundled corpus's "
            "(target <= 3)\n",
            t, t / m2000);
    }
    return out;
}

}  // namespace evidence::eval
