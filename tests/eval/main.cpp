// `make eval`: the evaluation table (tests/eval/evaluate.hpp) for the
// product and the naive baseline, from one run, then the timing.
// `evidence_eval CORPUS QUESTIONS --timing [SYNTHETIC_CORPUS]` (in `make
// bench`): the timing only, with the same text matched on an index of the
// synthetic corpus when given (evidence_bench --write-corpus).
// `evidence_eval CORPUS QUESTIONS --heldout`: the held-out sets of tests/eval/heldout
// scored with the baseline beside them, in place of the second development set.
#include <unistd.h>

#include <iostream>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "tests/eval/evaluate.hpp"

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const fs::path corpus = argc > 1 ? argv[1] : "corpus";
    const fs::path questions = argc > 2 ? argv[2] : "tests/eval/questions.tsv";
    const fs::path sentences = questions.parent_path() / "sentences.tsv";
    const fs::path work = fs::temp_directory_path() / ("evidence-eval-" + std::to_string(::getpid()));
    const std::string flag = argc > 3 ? argv[3] : "";
    int rc = 0;
    try {
        evidence::eval::Report r;
        if (flag != "--timing") {
            // --heldout: the held-out sets (tests/eval/heldout) in place of
            // the second development sets; their misses are never printed.
            const bool held = flag == "--heldout";
            const fs::path dir = held ? questions.parent_path() / "heldout" : questions.parent_path();
            const fs::path questions_b = dir / (held ? "questions.tsv" : "questions-b.tsv");
            const fs::path drafts_b = dir / (held ? "sentences.tsv" : "drafts.tsv");
            r = evidence::eval::evaluate(corpus, questions, sentences, work,
                                         fs::exists(questions_b) ? questions_b : fs::path(),
                                         fs::exists(drafts_b) ? drafts_b : fs::path());
            if (held) {
                r.b_name = "held out";
                r.misses_b.clear();
                r.draft_misses_b.clear();
            }
            std::cout << evidence::eval::table(r) << '\n';
        }
        evidence::index::IndexOptions opts;
        opts.db = work / "timing";
        const auto loaded = evidence::ingest::load_corpus(corpus);
        evidence::index::build_index(loaded.corpus, opts);
        fs::path synthetic;
        if (flag == "--timing" && argc > 4) {
            evidence::index::IndexOptions big;
            big.db = synthetic = work / "synthetic";
            evidence::index::build_index(evidence::ingest::load_corpus(argv[4]).corpus, big);
        }
        std::cout << evidence::eval::timing(work / "timing", evidence::eval::question_texts(questions), corpus,
                                            synthetic);
        if (flag == "--misses") {
            for (const auto& m : r.misses) std::cout << "dev miss: " << m << '\n';
            for (const auto& m : r.sentence_misses) std::cout << "sentence miss: " << m << '\n';
            for (const auto& m : r.draft_misses) std::cout << "draft miss: " << m << '\n';
            for (const auto& m : r.misses_b) std::cout << "question b miss: " << m << '\n';
            for (const auto& m : r.draft_misses_b) std::cout << "draft b miss: " << m << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        rc = 1;
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    return rc;
}
