#include "tests/eval/evaluate.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "ingest/text.hpp"
#include "search/answer.hpp"
#include "search/match.hpp"
#include "search/profile.hpp"
#include "search/query.hpp"

namespace evidence::eval {

namespace fs = std::filesystem;
using search::ProfileMode;

namespace {

struct Question {
    std::vector<std::string> claims;  // the right answers, the best first
    std::string text;
    bool held_out = false;
};

// Calls row(where, before the tab, after it) for each line of an evaluation
// file that is not blank or a '#' comment; `where` is "FILE:LINE: ". Throws
// on a file it cannot read or a line without a tab.
template <typename F>
void each_row(const fs::path& file, F row) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        const std::string where = file.string() + ":" + std::to_string(n) + ": ";
        const auto tab = line.find('\t');
        if (tab == std::string::npos) throw std::runtime_error(where + "no tab");
        row(where, line.substr(0, tab), line.substr(tab + 1));
    }
}

// Throws unless `id` is a claim of the corpus.
void known_claim(const Corpus& corpus, const std::string& where, const std::string& id) {
    const bool known =
        std::any_of(corpus.claims.begin(), corpus.claims.end(), [&](const Claim& c) { return c.id == id; });
    if (!known) throw std::runtime_error(where + "unknown claim '" + id + "'");
}

// tests/eval/questions.tsv: claim TAB question; every third held out.
std::vector<Question> read_questions(const fs::path& file, const Corpus& corpus) {
    std::vector<Question> out;
    std::size_t position = 0;
    each_row(file, [&](const std::string& where, const std::string& claim, const std::string& text) {
        known_claim(corpus, where, claim);
        out.push_back({{claim}, text, ++position % 3 == 0});
    });
    return out;
}

// The second set (tests/eval/questions-b.tsv) and the held-out one: question
// TAB the right answers comma-separated; none held out by position.
std::vector<Question> read_questions_b(const fs::path& file, const Corpus& corpus) {
    std::vector<Question> out;
    each_row(file, [&](const std::string& where, const std::string& text, const std::string& ids) {
        Question q{{}, text, false};
        std::istringstream in(ids);
        std::string id;
        while (std::getline(in, id, ',')) {
            known_claim(corpus, where, id);
            q.claims.push_back(id);
        }
        if (q.claims.empty()) throw std::runtime_error(where + "no claim");
        out.push_back(std::move(q));
    });
    return out;
}

// A development sentence: the claims it asserts (the first the one meant)
// with their stances; none for a sentence that asserts nothing.
struct DraftSentence {
    std::string text;
    std::vector<std::pair<std::string, Stance>> claims;
};

// A line's gold: "claim:stance" items separated by spaces or commas, or "-".
bool is_gold(const std::string& field) {
    std::string item;
    std::istringstream in(field);
    bool any = false;
    while (in >> item) {
        std::istringstream parts(item);
        std::string one;
        while (std::getline(parts, one, ',')) {
            if (one.empty()) continue;
            any = true;
            if (one == "-") continue;
            const auto colon = one.find(':');
            if (colon == std::string::npos || !parse_stance(one.substr(colon + 1))) return false;
        }
    }
    return any;
}

// Development sentences: gold TAB sentence (sentences.tsv, drafts.tsv), or
// sentence TAB gold with comma-separated items (tests/eval/heldout).
std::vector<DraftSentence> read_drafts(const fs::path& file, const Corpus& corpus) {
    std::vector<DraftSentence> out;
    each_row(file, [&](const std::string& where, const std::string& left, const std::string& right) {
        std::string gold_field = left;
        DraftSentence d;
        d.text = right;
        if (!is_gold(gold_field)) std::swap(gold_field, d.text);
        std::replace(gold_field.begin(), gold_field.end(), ',', ' ');
        std::istringstream gold(gold_field);
        std::string item;
        while (gold >> item) {
            if (item == "-") continue;
            const auto colon = item.find(':');
            const auto stance = colon == std::string::npos ? std::nullopt : parse_stance(item.substr(colon + 1));
            if (!stance) throw std::runtime_error(where + "'" + item + "' is not claim:stance");
            known_claim(corpus, where, item.substr(0, colon));
            d.claims.emplace_back(item.substr(0, colon), *stance);
        }
        out.push_back(std::move(d));
    });
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
        // The product's answer (its thresholds applied); the baseline's top 3.
        std::vector<std::string> found;
        if (mode == ProfileMode::Full) {
            search::SearchRequest req;
            req.q = q.text;
            for (const auto& a : search::answer_claims(s, req)) found.push_back(a.evidence.claim.value("id", ""));
        } else {
            for (const auto& c : search::match_claims(s, q.text, 3, mode)) found.push_back(c.claim->id);
        }
        QuestionScores& sc = q.held_out ? held : dev;
        ++sc.top1.total;
        ++sc.top3.total;
        auto right = [&](const std::string& id) {
            return std::find(q.claims.begin(), q.claims.end(), id) != q.claims.end();
        };
        const bool first = !found.empty() && right(found.front());
        const bool any = std::any_of(found.begin(), found.end(), right);
        sc.top1.hit += first;
        sc.top3.hit += any;
        if (misses && !q.held_out && !first)
            misses->push_back(q.claims.front() + " <- " + q.text + " -> " +
                              (found.empty() ? "nothing" : found.front()));
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

std::string gold_text(const GoldSentence& g) {
    std::string out;
    for (const auto& [claim, stance] : g.claims)
        out += (out.empty() ? "" : ", ") + claim + " " + std::string(to_string(stance));
    return out.empty() ? "-" : out;
}

void score_sentences(search::Searcher& s, const std::vector<GoldSentence>& gold, ProfileMode mode, SentenceScores& sc,
                     std::vector<std::string>* misses) {
    search::MatchOptions opts;
    opts.mode = mode;
    opts.certainty = false;
    for (const auto& g : gold) {
        if (g.claims.empty()) {
            ++sc.quiet.total;
            const auto m = search::match_sentence(s, g.text, opts);
            sc.quiet.hit += m.empty();
            if (misses && !m.empty()) misses->push_back("- <- " + g.text + " -> " + m.front().id);
            continue;
        }
        const auto found = search::rank_claims(s, g.text, 3, mode);
        ++sc.top1.total;
        ++sc.top3.total;
        const bool first = !found.empty() && g.claims.count(found.front().claim->id);
        sc.top1.hit += first;
        sc.top3.hit +=
            std::any_of(found.begin(), found.end(), [&](const auto& c) { return g.claims.count(c.claim->id) > 0; });
        if (!first) {
            if (misses)
                misses->push_back("claim: " + gold_text(g) + " <- " + g.text + " -> " +
                                  (found.empty() ? "nothing" : found.front().claim->id));
            continue;
        }
        const auto& top = *found.front().claim;
        ++sc.stance.total;
        const Stance got = search::stance_on(s, top.id, top.data.value("statement", ""), g.text, mode);
        sc.stance.hit += got == g.claims.at(top.id);
        if (misses && got != g.claims.at(top.id))
            misses->push_back("stance: " + gold_text(g) + " <- " + g.text + " -> " + std::string(to_string(got)));
    }
}

// As a writer's draft is checked: the first match the product gives
// (match_sentence, with its thresholds), its stance, and no match at all for
// a sentence that asserts nothing.
void score_drafts(search::Searcher& s, const std::vector<DraftSentence>& drafts, ProfileMode mode, SentenceScores& sc,
                  std::vector<std::string>* misses) {
    search::MatchOptions opts;
    opts.mode = mode;
    opts.certainty = false;
    for (const auto& d : drafts) {
        const auto found = search::match_sentence(s, d.text, opts);
        const std::string got =
            found.empty() ? "nothing" : found.front().id + " " + std::string(to_string(found.front().stance));
        if (d.claims.empty()) {
            ++sc.quiet.total;
            sc.quiet.hit += found.empty();
            if (misses && !found.empty()) misses->push_back("- <- " + d.text + " -> " + got);
            continue;
        }
        auto gold = [&](const std::string& id) {
            return std::find_if(d.claims.begin(), d.claims.end(), [&](const auto& c) { return c.first == id; });
        };
        ++sc.top1.total;
        ++sc.top3.total;
        const bool first = !found.empty() && gold(found.front().id) != d.claims.end();
        sc.top1.hit += first;
        sc.top3.hit +=
            std::any_of(found.begin(), found.end(), [&](const auto& m) { return gold(m.id) != d.claims.end(); });
        bool stance = false;
        if (first) {
            ++sc.stance.total;
            stance = gold(found.front().id)->second == found.front().stance;
            sc.stance.hit += stance;
        }
        if (misses && !(first && stance))
            misses->push_back(d.claims.front().first + " " + std::string(to_string(d.claims.front().second)) + " <- " +
                              d.text + " -> " + got);
    }
}

std::string row(const std::string& name, const Rate& full, const Rate& base) {
    char line[200];
    std::snprintf(line, sizeof line, "| %-44s | %3zu/%-3zu %5.1f%% | %3zu/%-3zu %5.1f%% |\n", name.c_str(), full.hit,
                  full.total, full.pct(), base.hit, base.total, base.pct());
    return line;
}

}  // namespace

Report evaluate(const fs::path& corpus_dir, const fs::path& questions, const fs::path& sentences, const fs::path& work,
                const fs::path& questions_b, const fs::path& drafts_b) {
    ingest::LoadResult loaded = ingest::load_corpus(corpus_dir);
    if (!loaded.errors.empty()) throw std::runtime_error(loaded.errors.front().str());
    const Corpus& corpus = loaded.corpus;
    const auto qs = read_questions(questions, corpus);
    const auto drafts = read_drafts(sentences, corpus);
    const auto qs_b = questions_b.empty() ? std::vector<Question>() : read_questions_b(questions_b, corpus);
    const auto drafts2 = drafts_b.empty() ? std::vector<DraftSentence>() : read_drafts(drafts_b, corpus);
    Report r;
    r.questions = qs.size();
    r.drafts = drafts.size();
    r.questions_b = qs_b.size();
    r.drafts_b = drafts2.size();
    {
        build(corpus, work / "all");
        search::Searcher s(work / "all");
        score_questions(s, qs, ProfileMode::Full, r.full.dev, r.full.held_out, &r.misses);
        score_questions(s, qs, ProfileMode::Baseline, r.baseline.dev, r.baseline.held_out, nullptr);
        score_drafts(s, drafts, ProfileMode::Full, r.full.drafts, &r.draft_misses);
        score_drafts(s, drafts, ProfileMode::Baseline, r.baseline.drafts, nullptr);
        QuestionScores unused;
        score_questions(s, qs_b, ProfileMode::Full, r.full.questions_b, unused, &r.misses_b);
        score_questions(s, qs_b, ProfileMode::Baseline, r.baseline.questions_b, unused, nullptr);
        score_drafts(s, drafts2, ProfileMode::Full, r.full.drafts_b, &r.draft_misses_b);
        score_drafts(s, drafts2, ProfileMode::Baseline, r.baseline.drafts_b, nullptr);
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
        score_sentences(s, gold, ProfileMode::Full, r.full.sentences, &r.sentence_misses);
        score_sentences(s, gold, ProfileMode::Baseline, r.baseline.sentences, nullptr);
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
    out << "| measure (" << r.questions << " questions; " << r.sources << " sources left out in turn; " << r.drafts
        << " draft sentences) | product            | baseline (BM25)    |\n"
        << "|---|---|---|\n";
    out << row("questions, dev: right claim first", r.full.dev.top1, r.baseline.dev.top1)
        << row("questions, dev: right claim in top 3", r.full.dev.top3, r.baseline.dev.top3)
        << row("questions, held out: right claim first", r.full.held_out.top1, r.baseline.held_out.top1)
        << row("questions, held out: right claim in top 3", r.full.held_out.top3, r.baseline.held_out.top3)
        << row("sentences (left out): right claim first", r.full.sentences.top1, r.baseline.sentences.top1)
        << row("sentences (left out): right claim in top 3", r.full.sentences.top3, r.baseline.sentences.top3)
        << row("sentences: right stance, of right claims", r.full.sentences.stance, r.baseline.sentences.stance)
        << row("unannotated sentences left unmatched", r.full.sentences.quiet, r.baseline.sentences.quiet)
        << row("draft sentences (dev): right claim first", r.full.drafts.top1, r.baseline.drafts.top1)
        << row("draft sentences (dev): right claim matched", r.full.drafts.top3, r.baseline.drafts.top3)
        << row("draft sentences: right stance, of right claims", r.full.drafts.stance, r.baseline.drafts.stance)
        << row("draft sentences of no claim left unmatched", r.full.drafts.quiet, r.baseline.drafts.quiet)
        << row("draft sentences: decided rightly (claim or none)", r.full.drafts.decided(),
               r.baseline.drafts.decided());
    const std::string b = r.b_name;
    if (r.questions_b > 0)
        out << row("questions, " + b + " (" + std::to_string(r.questions_b) + "): right claim first",
                   r.full.questions_b.top1, r.baseline.questions_b.top1)
            << row("questions, " + b + ": right claim in top 3", r.full.questions_b.top3, r.baseline.questions_b.top3);
    if (r.drafts_b > 0)
        out << row("drafts, " + b + " (" + std::to_string(r.drafts_b) + "): right claim first", r.full.drafts_b.top1,
                   r.baseline.drafts_b.top1)
            << row("drafts, " + b + ": right claim matched", r.full.drafts_b.top3, r.baseline.drafts_b.top3)
            << row("drafts, " + b + ": right stance, of right claims", r.full.drafts_b.stance,
                   r.baseline.drafts_b.stance)
            << row("drafts, " + b + ": no claim, left unmatched", r.full.drafts_b.quiet, r.baseline.drafts_b.quiet)
            << row("drafts, " + b + ": decided rightly (claim or none)", r.full.drafts_b.decided(),
                   r.baseline.drafts_b.decided());
    return out.str();
}

}  // namespace evidence::eval
