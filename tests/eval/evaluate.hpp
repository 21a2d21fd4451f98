// The evaluation of claim matching (`make eval`, and test_eval's floors):
// plain questions written for the claims (tests/eval/questions.tsv), and
// leave-one-source-out on the corpus: each source's sentences matched
// against an index of the others, compared with its own annotation.
// Every figure for the product (Full) and for the naive baseline (BM25 over
// the claim profiles, stop words and stems only) from the same indexes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidence::eval {

struct Rate {
    std::size_t hit = 0, total = 0;
    double pct() const { return total ? 100.0 * static_cast<double>(hit) / static_cast<double>(total) : 0; }
};

struct QuestionScores {
    Rate top1, top3;
};

struct SentenceScores {
    Rate top1, top3;
    Rate stance;  // the right stance, of the sentences whose first claim is right
    Rate quiet;   // unannotated sentences given no match (what "none" is for)
    // Every sentence decided rightly: its claim first, or no claim for one
    // that asserts none. The measure that weighs a matcher that may answer
    // "none" (the product) fairly against one that always answers (the
    // baseline): on "right claim first" alone, never answering "none" wins.
    Rate decided() const { return {top1.hit + quiet.hit, top1.total + quiet.total}; }
};

struct ModeScores {
    QuestionScores dev, held_out;
    SentenceScores sentences;    // left out in turn
    SentenceScores drafts;       // the development sentences (tests/eval/sentences.tsv)
    QuestionScores questions_b;  // the second development sets (questions-b.tsv, drafts.tsv)
    SentenceScores drafts_b;
};

struct Report {
    ModeScores full, baseline;
    std::size_t questions = 0, sources = 0, drafts = 0, questions_b = 0, drafts_b = 0;
    std::string b_name = "set b";     // what the second sets are called in the table
    std::vector<std::string> misses;  // dev questions the product ranks wrong: "claim <- question -> got"
    // Left-out and development sentences the product gets wrong:
    // "claim stance <- sentence -> got"
    std::vector<std::string> sentence_misses, draft_misses;
    std::vector<std::string> misses_b, draft_misses_b;  // of the second sets
};

// Reads the questions, the development sentences and the corpus, builds the
// indexes under `work` (a folder it may fill) and scores both modes; also
// the second development sets when their paths are given (questions-b.tsv:
// question TAB right claims comma-separated; drafts.tsv: as sentences.tsv).
// Throws std::runtime_error with a message naming the file (and line) on
// bad input.
Report evaluate(const std::filesystem::path& corpus, const std::filesystem::path& questions,
                const std::filesystem::path& sentences, const std::filesystem::path& work,
                const std::filesystem::path& questions_b = {}, const std::filesystem::path& drafts_b = {});

std::string table(const Report& r);

// Timing on the index at `db` of `corpus` (tests/eval/timing.cpp):
// questions against a plain search of their content words, texts of 500 to
// 2,000 words of the corpus against a question, and the 2,000-word text on
// `synthetic_db` (an index of the bench's synthetic corpus; empty: left out).
std::string timing(const std::filesystem::path& db, const std::vector<std::string>& questions,
                   const std::filesystem::path& corpus, const std::filesystem::path& synthetic_db);

// The questions of the table, and a text of about `words` words made of the
// sentences of the corpus' sources (for timing).
std::vector<std::string> question_texts(const std::filesystem::path& questions);
std::string corpus_text(const std::filesystem::path& corpus, std::size_t words);

}  // namespace evidence::eval
