#include "tests/eval/evaluate.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "ingest/text.hpp"
#include "search/match.hpp"
#include "search/profile.hpp"
#include "search/query.hpp"

namespace evidence::eval {

namespace fs = std::filesystem;
using search::ProfileMode;

namespace {

struct Question {
    std::string claim, text;
    bool held_out = false;
};

std::vector<Question> read_questions(const fs::path& file, const Corpus& corpus) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read");
    std::set<std::string> claims;
    for (const auto& c : corpus.claims) claims.insert(c.id);
    std::vector<Question> out;
    std::string line;
    int n = 0;
    std::size_t position = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": no tab");
        Question q{line.substr(0, tab), line.substr(tab + 1), ++position % 3 == 0};
        if (!claims.count(q.claim))
            throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": unknown claim '" + q.claim + "'");
        out.push_back(std::move(q));
    }
    return out;
}

void build(const Corpus& c, const fs::path& db) {
    index::IndexOptions opts;
    opts.db = db;
    opts.threads = 1;
    index::build_index(c, opts);
}

void score_questions(search::Searcher& s, const std::vector<Question>& qs, ProfileMode mode, QuestionScores& dev,
                     QuestionScores& held, std::vector<std::string>* misses) {
    for (const auto& q : qs) {
        const auto found = search::match_claims(s, q.text, 3, mode);
        QuestionScores& sc = q.held_out ? held : dev;
        ++sc.top1.total;
        ++sc.top3.total;
        const bool first = !found.empty() && found.front().claim.id == q.claim;
        const bool any = std::any_of(found.begin(), found.end(), [&](const auto& c) { return c.claim.id == q.claim; });
        sc.top1.hit += first;
        sc.top3.hit += any;
        if (misses && !q.held_out && !first)
            misses->push_back(q.claim + " <- " + q.text + " -> " + (found.empty() ? "nothing" : found.front().claim.id));
    }
}

// The sentences of a source with the claims and stances annotated in them.
struct GoldSentence {
    std::string text;
    std::map<std::string, Stance> claims;  // claim -> stance
};

std::vector<GoldSentence> gold_sentences(const Source& src) {
    struct Part {
        std::string post;
        const std::string* text;
    };
    std::vector<Part> parts;
    if (src.posts.empty())
        parts.push_back({"", &src.text});
    else
        for (const auto& p : src.posts) parts.push_back({p.id, &p.text});
    std::vector<GoldSentence> out;
    for (const auto& part : parts) {
        const std::string& text = *part.text;
        for (const auto& sp : search::split_sentences(text)) {
            GoldSentence g;
            g.text = text.substr(sp.start, sp.end - sp.start);
            for (const auto& a : src.assertions) {
                if (a.post != part.post || a.quote.empty()) continue;
                const std::size_t from = a.quote_offset, to = from + ingest::normalise(a.quote).size();
                if (from < sp.end && to > sp.start) g.claims.emplace(a.claim, a.stance);
            }
            if (g.text.size() <= search::kMaxQueryBytes) out.push_back(std::move(g));
        }
    }
    return out;
}

void score_sentences(search::Searcher& s, const std::vector<GoldSentence>& gold, ProfileMode mode,
                     SentenceScores& sc) {
    search::MatchOptions opts;
    opts.mode = mode;
    opts.certainty = false;
    for (const auto& g : gold) {
        if (g.claims.empty()) {
            ++sc.quiet.total;
            sc.quiet.hit += search::match_sentence(s, g.text, opts).empty();
            continue;
        }
        const auto found = search::match_claims(s, g.text, 3, mode);
        ++sc.top1.total;
        ++sc.top3.total;
        const bool first = !found.empty() && g.claims.count(found.front().claim.id);
        sc.top1.hit += first;
        sc.top3.hit += std::any_of(found.begin(), found.end(), [&](const auto& c) { return g.claims.count(c.claim.id) > 0; });
        if (!first) continue;
        const auto& top = found.front().claim;
        ++sc.stance.total;
        sc.stance.hit += search::stance_on(s, top.id, top.data.value("statement", ""), g.text, mode) == g.claims.at(top.id);
    }
}

std::string row(const std::string& name, const Rate& full, const Rate& base) {
    char line[200];
    std::snprintf(line, sizeof line, "| %-44s | %3zu/%-3zu %5.1f%% | %3zu/%-3zu %5.1f%% |\n", name.c_str(), full.hit,
                  full.total, full.pct(), base.hit, base.total, base.pct());
    return line;
}

}  // namespace

Report evaluate(const fs::path& corpus_dir, const fs::path& questions, const fs::path& work) {
    ingest::LoadResult loaded = ingest::load_corpus(corpus_dir);
    if (!loaded.errors.empty()) throw std::runtime_error(loaded.errors.front().str());
    const Corpus& corpus = loaded.corpus;
    const auto qs = read_questions(questions, corpus);
    Report r;
    r.questions = qs.size();
    {
        build(corpus, work / "all");
        search::Searcher s(work / "all");
        score_questions(s, qs, ProfileMode::Full, r.full.dev, r.full.held_out, &r.misses);
        score_questions(s, qs, ProfileMode::Baseline, r.baseline.dev, r.baseline.held_out, nullptr);
    }
    for (std::size_t i = 0; i < corpus.sources.size(); ++i) {
        const Source& held = corpus.sources[i];
        if (held.type == SourceType::Study) continue;  // findings are our words, not a writer's sentences
        ++r.sources;
        Corpus rest = corpus;
        rest.sources.erase(rest.sources.begin() + static_cast<std::ptrdiff_t>(i));
        const fs::path db = work / ("without-" + held.id);
        build(rest, db);
        search::Searcher s(db);
        const auto gold = gold_sentences(held);
        score_sentences(s, gold, ProfileMode::Full, r.full.sentences);
        score_sentences(s, gold, ProfileMode::Baseline, r.baseline.sentences);
    }
    return r;
}

std::vector<std::string> question_texts(const fs::path& questions) {
    std::ifstream in(questions);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#' && line.find('\t') != std::string::npos)
            out.push_back(line.substr(line.find('\t') + 1));
    return out;
}

std::string corpus_text(const fs::path& corpus_dir, std::size_t words) {
    ingest::LoadResult loaded = ingest::load_corpus(corpus_dir);
    std::string out;
    std::size_t n = 0;
    for (const auto& src : loaded.corpus.sources) {
        if (src.type == SourceType::Study) continue;
        for (const auto& sp : search::split_sentences(src.text)) {
            const std::string sentence = src.text.substr(sp.start, sp.end - sp.start);
            n += search::words_of(sentence).size();
            out += sentence + "\n";
            if (n >= words) return out;
        }
    }
    return out;
}

std::string table(const Report& r) {
    std::ostringstream out;
    out << "| measure (" << r.questions << " questions; " << r.sources
        << " sources left out in turn)          | product            | baseline (BM25)    |\n"
        << "|---|---|---|\n";
    out << row("questions, dev: right claim first", r.full.dev.top1, r.baseline.dev.top1)
        << row("questions, dev: right claim in top 3", r.full.dev.top3, r.baseline.dev.top3)
        << row("questions, held out: right claim first", r.full.held_out.top1, r.baseline.held_out.top1)
        << row("questions, held out: right claim in top 3", r.full.held_out.top3, r.baseline.held_out.top3)
        << row("sentences (left out): right claim first", r.full.sentences.top1, r.baseline.sentences.top1)
        << row("sentences (left out): right claim in top 3", r.full.sentences.top3, r.baseline.sentences.top3)
        << row("sentences: right stance, of right claims", r.full.sentences.stance, r.baseline.sentences.stance)
        << row("unannotated sentences left unmatched", r.full.sentences.quiet, r.baseline.sentences.quiet);
    return out.str();
}

}  // namespace evidence::eval
