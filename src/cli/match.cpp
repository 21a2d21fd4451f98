// `evidence match [FILE|-]`: each sentence of a text matched to the claims
// it asserts (with --json exactly the JSON of POST /api/match), and
// `evidence suggest SOURCE.md`: YAML assertion drafts for a source file.
#include "search/match.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/open_searcher.hpp"
#include "ingest/corpus.hpp"
#include "render/json.hpp"

namespace evidence::cli {

namespace {

// The whole file, or standard input for "-" or "". False when unreadable.
bool read_input(const std::string& file, std::string& out) {
    if (file.empty() || file == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

// A YAML double-quoted scalar.
std::string yaml_quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out + "\"";
}

// The level a source's own statement gets by its type (corpus/README.md):
// a forum post is an anecdote, the rest a practitioner's or writer's opinion.
int suggested_level(SourceType t) { return t == SourceType::ForumThread ? 7 : 6; }

}  // namespace

int run_match(const CommonOptions& common, const MatchOptions& o) {
    std::string text;
    if (!read_input(o.file, text)) {
        std::cerr << "error: cannot read " << o.file << '\n';
        return kInvalid;
    }
    try {
        auto searcher = open_searcher(common, {});
        const auto sentences = search::match_text(*searcher, text);
        if (o.json) {
            std::cout << render::dump(render::match_json(sentences)) << '\n';
            return kOk;
        }
        std::size_t matched = 0;
        for (const auto& s : sentences) {
            if (s.matches.empty()) continue;
            ++matched;
            std::cout << '[' << s.start << '-' << s.end << "] " << s.text << '\n';
            for (const auto& m : s.matches)
                std::cout << "  " << to_string(m.stance) << ": " << m.statement << " (" << m.id
                          << "; certainty: " << m.certainty << "; score " << m.score << ")\n";
        }
        std::cout << matched << " of " << sentences.size() << " sentences matched a claim\n";
        return kOk;
    } catch (const search::BadRequest& e) {
        std::cerr << "error: " << (o.file.empty() ? "-" : o.file) << ": " << e.what() << '\n';
        return kInvalid;
    } catch (const search::Unavailable& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
}

int run_suggest(const CommonOptions& common, const std::string& file) {
    std::string content;
    if (!read_input(file, content)) {
        std::cerr << "error: cannot read " << file << '\n';
        return kInvalid;
    }
    Corpus corpus;
    std::vector<Diagnostic> errors;
    ingest::parse_source(file, content, corpus, errors);
    if (corpus.sources.empty() || !errors.empty()) {
        for (const auto& e : errors) std::cerr << e.str() << '\n';
        if (errors.empty()) std::cerr << "error: " << file << ": no source read\n";
        return kInvalid;
    }
    const Source& src = corpus.sources.front();
    try {
        auto searcher = open_searcher(common, {});
        search::MatchOptions opts;
        opts.limit = 1;
        opts.certainty = false;
        std::cout << "# Drafts for " << file << " from `evidence suggest`: for each, check the claim, the\n"
                  << "# stance, the quote and the level against the text, then remove `draft` and\n"
                  << "# `score` and add it under `assertions:`. `evidence check` refuses a draft.\n"
                  << "assertions:\n";
        struct Part {
            std::string post;
            const std::string* text;
        };
        std::vector<Part> parts;
        if (src.posts.empty())
            parts.push_back({"", &src.text});
        else
            for (const auto& p : src.posts) parts.push_back({p.id, &p.text});
        std::size_t drafts = 0;
        for (const auto& part : parts) {
            const std::string& text = *part.text;
            for (const auto& sp : search::split_sentences(text)) {
                const std::string quote = text.substr(sp.start, sp.end - sp.start);
                if (quote.size() > search::kMaxQueryBytes) continue;
                const auto matches = search::match_sentence(*searcher, quote, opts);
                if (matches.empty()) continue;
                const auto& m = matches.front();
                ++drafts;
                std::cout << "  - claim: " << m.id << "\n    stance: " << to_string(m.stance)
                          << "\n    quote: " << yaml_quoted(quote) << '\n';
                if (!part.post.empty()) std::cout << "    post: " << part.post << '\n';
                if (text.find(quote) != sp.start || text.find(quote, sp.start + 1) != std::string::npos) {
                    const std::size_t from = sp.start > 40 ? sp.start - 40 : 0;
                    std::cout << "    prefix: " << yaml_quoted(text.substr(from, sp.start - from)) << '\n';
                }
                std::cout << "    level: " << suggested_level(src.type) << "\n    directness: direct\n"
                          << "    draft: true\n    score: " << m.score << "  # " << m.statement << '\n';
            }
        }
        std::cerr << drafts << (drafts == 1 ? " draft" : " drafts") << " for " << file << '\n';
        return kOk;
    } catch (const search::BadRequest& e) {
        std::cerr << "error: " << file << ": " << e.what() << '\n';
        return kInvalid;
    } catch (const search::Unavailable& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
}

}  // namespace evidence::cli
