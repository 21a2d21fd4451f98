// `make eval` timing: a question (search + answer) against a plain search of
// its content words, and claim matching of a text against one question,
// at two text sizes, on the index of the corpus given. Medians of rounds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "search/answer.hpp"
#include "search/match.hpp"
#include "search/natural.hpp"
#include "tests/eval/evaluate.hpp"

namespace evidence::eval {

namespace {

template <class F>
double median_ms(F&& f, int rounds) {
    std::vector<double> t;
    for (int i = 0; i < rounds; ++i) {
        const auto a = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

}  // namespace

std::string timing(const std::filesystem::path& db, const std::vector<std::string>& questions,
                   const std::string& text_2000) {
    search::Searcher s(db);
    const int rounds = 15;
    double ask = 0, plain = 0;
    for (const auto& q : questions) {
        search::SearchRequest req;
        req.q = q;
        ask += median_ms([&] { search::ask(s, req); }, rounds);
        std::string words;
        for (const auto& u : search::units_of(q, search::Lexicon{}))
            if (!u.filler) words += (words.empty() ? "" : " ") + u.text;
        search::SearchRequest p;
        p.q = words;
        plain += median_ms([&] { s.search(p); }, rounds);
    }
    ask /= static_cast<double>(questions.size());
    plain /= static_cast<double>(questions.size());
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
    cold /= static_cast<double>(questions.size());
    const std::string half = text_2000.substr(0, text_2000.size() / 2);
    const double m2000 = median_ms([&] { search::match_text(s, text_2000); }, 5);
    const double m1000 = median_ms([&] { search::match_text(s, half); }, 5);
    char out[900];
    std::snprintf(out, sizeof out,
                  "question (search + answer), mean of medians: %.3f ms; plain search of its content words: %.3f ms; "
                  "ratio %.2f (target <= 1.5)\n"
                  "question first on a newly opened index (nothing memoized): %.3f ms; ratio %.2f\n"
                  "2,000-word text matched: %.2f ms = %.1f questions (target <= 20)\n"
                  "1,000-word half: %.2f ms; 2,000 / 1,000 = %.2f (linear: ~2)\n",
                  ask, plain, ask / plain, cold, cold / plain, m2000, m2000 / ask, m1000, m2000 / m1000);
    return out;
}

}  // namespace evidence::eval
