#include "bench/corpus_files.hpp"

#include <fstream>
#include <set>
#include <stdexcept>

namespace evidence::bench {

namespace fs = std::filesystem;

namespace {

// A YAML double-quoted scalar.
std::string q(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

std::string list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + q(v[i]);
    return out + "]";
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error(p.string() + ": cannot write");
}

}  // namespace

std::size_t write_corpus(const Corpus& c, const fs::path& dir) {
    fs::create_directories(dir / "claims");
    fs::create_directories(dir / "sources");
    std::string topics;
    for (const auto& t : c.topics)
        topics += "- id: " + t.id + "\n  label: " + q(t.label) + "\n  kind: " + std::string(to_string(t.kind)) + "\n" +
                  (t.description.empty() ? "" : "  description: " + q(t.description) + "\n");
    write(dir / "topics.yaml", topics);
    std::string claims;
    for (const auto& cl : c.claims)
        claims += "- id: " + cl.id + "\n  statement: " + q(cl.statement) +
                  "\n  type: " + std::string(to_string(cl.type)) + "\n  topics: " + list(cl.topics) + "\n";
    write(dir / "claims" / "claims.yaml", claims);
    std::string synonyms;
    for (const auto& g : c.synonyms) synonyms += "- " + list(g.terms) + "\n";
    write(dir / "synonyms.yaml", synonyms);
    std::size_t n = 0;
    for (const auto& s : c.sources) {
        std::string md = "---\nid: " + s.id + "\ntype: article\ntitle: " + q(s.title) +
                         "\nauthors: " + list(s.authors) + "\nsite: " + q(s.site.empty() ? "Synthetic" : s.site) +
                         "\n" + (s.published.empty() ? "" : "published: " + q(s.published) + "\n") +
                         "commercial_interest: " + q(s.commercial_interest.empty() ? "none" : s.commercial_interest) +
                         "\nassertions:\n";
        std::size_t kept = 0;
        std::set<std::pair<std::string, std::string>> seen;  // claim and quote: `check` refuses a duplicate
        for (const auto& a : s.assertions) {
            if (a.quote.empty() || !seen.insert({a.claim, a.quote}).second) continue;
            md += "  - claim: " + a.claim + "\n    stance: " + std::string(to_string(a.stance)) +
                  "\n    quote: " + q(a.quote) + "\n    level: " + std::to_string(a.level == 7 ? 7 : 6) +
                  "\n    directness: " + std::string(to_string(a.directness)) + "\n";
            ++kept;
        }
        if (kept == 0)
            md.replace(md.size() - std::string("assertions:\n").size(), std::string::npos, "assertions: []\n");
        md += "---\n" + s.text + "\n";
        write(dir / "sources" / (s.id + ".md"), md);
        ++n;
    }
    return n;
}

}  // namespace evidence::bench
