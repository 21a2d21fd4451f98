// sources/*.md: YAML front matter, then the document's Markdown, split into posts.
#include <sstream>
#include <unordered_map>

#include "ingest/corpus.hpp"
#include "ingest/markdown.hpp"
#include "ingest/text.hpp"
#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

namespace {

struct Split {
    std::string front;  // the YAML
    std::string body;   // the Markdown
    int body_line = 0;  // file line of the body's first line
    bool ok = false;
};

bool is_fence(const std::string& line) { return line == "---" || line == "---\r"; }

Split split_front_matter(const std::string& content) {
    Split s;
    std::istringstream in(content);
    std::string line;
    if (!std::getline(in, line) || !is_fence(line)) return s;
    int n = 1;
    std::string front;
    while (std::getline(in, line)) {
        ++n;
        if (is_fence(line)) {
            s.front = std::move(front);
            s.body_line = n + 1;
            const auto pos = static_cast<std::size_t>(in.tellg());
            s.body = in.eof() || in.tellg() < 0 ? std::string() : content.substr(pos);
            s.ok = true;
            return s;
        }
        front += line;
        front += '\n';
    }
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// YYYY, YYYY-MM or YYYY-MM-DD.
bool valid_date(std::string_view s) {
    if (s.size() != 4 && s.size() != 7 && s.size() != 10) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i])) return false;
    return true;
}

bool is_line_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// `::: post ANCHOR "handle"` (trailing whitespace allowed): the anchor a slug,
// the handle anything but '"'. One pass over the line, whatever its length.
bool parse_post_line(std::string_view line, std::string& anchor, std::string& author) {
    constexpr std::string_view kStart = "::: post ";
    if (line.substr(0, kStart.size()) != kStart) return false;
    line.remove_prefix(kStart.size());
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos || !valid_slug(line.substr(0, space))) return false;
    const std::string_view rest = line.substr(space + 1);
    if (rest.empty() || rest.front() != '"') return false;
    const std::size_t close = rest.find('"', 1);
    if (close == std::string_view::npos) return false;
    for (char c : rest.substr(close + 1))
        if (!is_line_space(c)) return false;
    anchor = std::string(line.substr(0, space));
    author = std::string(rest.substr(1, close - 1));
    return true;
}

void parse_citations(YamlReader& r, const YAML::Node& item, Assertion& a) {
    const YAML::Node cites = item["cites"];
    if (!cites || cites.IsNull()) return;
    auto one = [&](const YAML::Node& c) {
        Citation cit;
        cit.place = r.at(c);
        if (c.IsScalar()) {
            cit.study = c.Scalar();
        } else if (c.IsMap() && c["study"] && r.check_map(c, {"study", "link"}, "a citation")) {
            cit.study = r.str(c, "study", true);
            const std::string link = r.str(c, "link", true);
            if (link != "certain" && link != "guessed" && !link.empty())
                r.error(c["link"], "unknown link '" + link + "' (expected one of: certain, guessed)");
            cit.guessed = link == "guessed";
        } else if (c.IsMap() && r.check_map(c, {"unresolved"}, "a citation")) {
            cit.unresolved = normalise(r.str(c, "unresolved", true));
        } else {
            r.error(c, "a citation is a study id, {study: id, link: certain | guessed} or {unresolved: description}");
            return;
        }
        if (!cit.study.empty() || !cit.unresolved.empty()) a.cites.push_back(std::move(cit));
    };
    if (cites.IsSequence())
        for (const auto& c : cites) one(c);
    else
        one(cites);
}

std::string shorten(const std::string& s) {
    constexpr std::size_t kMax = 60;
    if (s.size() <= kMax) return s;
    std::size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n) + "...";
}

// The rendered text an assertion's quote must be found in: its post's, or
// the whole document's when the source has no posts.
struct Texts {
    const Source& src;
    const Rendered& whole;
    const std::vector<Rendered>& posts;
    const std::unordered_map<std::string, std::size_t>& post_index;  // id -> first post with it
};

void locate(YamlReader& r, const YAML::Node& item, const Texts& texts, Assertion& a) {
    if (a.quote.empty()) return;
    const Rendered* where = &texts.whole;
    std::string in = "the document";
    if (!texts.src.posts.empty() || !a.post.empty()) {
        if (a.post.empty()) {
            r.error(item, "missing field 'post': this source is split into posts");
            return;
        }
        const auto it = texts.post_index.find(a.post);
        if (it == texts.post_index.end()) {
            r.error(item["post"], "unknown post '" + a.post + "'");
            return;
        }
        where = &texts.posts[it->second];
        in = "post '" + a.post + "'";
    }
    const std::string quote = normalise(a.quote);
    const QuoteMatch m = locate_quote(where->text, quote, normalise(a.prefix), normalise(a.suffix));
    const YAML::Node at = item["quote"];
    switch (m.status) {
        case QuoteMatch::Status::Found:
            a.quote_offset = m.offset;
            a.quote_line = where->line_at(m.offset);
            break;
        case QuoteMatch::Status::NotFound:
            r.error(at, "quote not found in " + in + ": \"" + shorten(quote) + "\"");
            break;
        case QuoteMatch::Status::Ambiguous:
            r.error(at, "quote found in " + std::to_string(m.count) + " places in " + in +
                            "; add a prefix or suffix to pick one: \"" + shorten(quote) + "\"");
            break;
        case QuoteMatch::Status::ContextMismatch:
            r.error(at, "prefix or suffix matches no place of the quote in " + in + ": \"" + shorten(quote) + "\"");
            break;
    }
}

Assertion parse_assertion(YamlReader& r, const YAML::Node& item, const Texts& texts) {
    const std::string& source_id = texts.src.id;
    Assertion a;
    a.place = r.at(item);
    a.source = source_id;
    if (!r.check_map(item,
                     {"claim", "post", "stance", "quote", "prefix", "suffix", "level", "directness", "cites", "outcome",
                      "population", "note", "review_note", "draft", "score"},
                     "an assertion"))
        return a;
    // `evidence suggest` writes drafts: a person accepts each by removing these.
    if (item["draft"])
        r.error(item["draft"],
                "unreviewed draft: check its claim, stance, quote and level, then remove `draft` and `score`");
    else if (item["score"])
        r.error(item["score"], "`score` belongs to a draft from `evidence suggest`: remove it");
    a.claim = r.str(item, "claim", true);
    a.post = r.str(item, "post", false);
    a.stance =
        r.enumeration<Stance>(item, "stance", true, parse_stance, "stance", stance_values()).value_or(Stance::Supports);
    a.quote = r.str(item, "quote", true);
    a.prefix = r.str(item, "prefix", false);
    a.suffix = r.str(item, "suffix", false);
    a.level = r.level(item, "level", true);
    a.directness =
        r.enumeration<Directness>(item, "directness", true, parse_directness, "directness", directness_values())
            .value_or(Directness::Direct);
    // Optional: what the statement is about, where the text says who or what.
    a.outcome = r.enumeration<Outcome>(item, "outcome", false, parse_outcome, "outcome", outcome_values());
    for (const auto& p : r.list(item, "population", false)) {
        if (auto v = parse_population(p))
            a.population.push_back(*v);
        else
            r.error(item["population"],
                    "unknown population '" + p + "' (expected one of: " + population_values() + ")");
    }
    parse_citations(r, item, a);
    a.note = r.str(item, "note", false);
    a.review_note = r.str(item, "review_note", false);
    locate(r, item, texts, a);
    a.id = assertion_id(a);
    return a;
}

// Splits the body at `::: post ANCHOR "handle"` lines; text before the first
// post line is the preamble.
void split_posts(const std::string& path, const std::string& body, int body_line, Source& src, std::string& preamble,
                 std::vector<Diagnostic>& errors) {
    std::istringstream in(body);
    std::string line;
    int n = body_line - 1;
    std::string* target = &preamble;
    std::unordered_map<std::string, int> first_line;  // post id -> its post line
    while (std::getline(in, line)) {
        ++n;
        if (line.rfind(":::", 0) == 0) {
            Post p;
            if (parse_post_line(line, p.id, p.author)) {
                p.line = n + 1;
                if (const auto [it, fresh] = first_line.emplace(p.id, n); !fresh)
                    errors.push_back(
                        {{path, n},
                         "duplicate post '" + p.id + "' (first at line " + std::to_string(it->second) + ")"});
                if (p.author.empty()) errors.push_back({{path, n}, "post '" + p.id + "' has no author handle"});
                src.posts.push_back(std::move(p));
                target = &src.posts.back().markdown;
                continue;
            }
            errors.push_back({{path, n}, "malformed post line; expected ::: post ANCHOR \"handle\""});
        }
        *target += line;
        *target += '\n';
    }
}

}  // namespace

void parse_source(const std::string& path, const std::string& content, Corpus& corpus,
                  std::vector<Diagnostic>& errors) {
    if (content.size() > kMaxMarkdownBytes) {
        errors.push_back({{path, 1}, "file is larger than " + std::to_string(kMaxMarkdownBytes) + " bytes"});
        return;
    }
    if (!check_utf8(path, content, 1, errors)) return;
    Split split = split_front_matter(content);
    if (!split.ok) {
        errors.push_back({{path, 1},
                          "missing front matter: the file must start with a '---' line and the "
                          "metadata must end with another"});
        return;
    }
    YamlReader r(path, 2, errors);
    auto doc = r.parse(split.front);
    if (!doc) return;
    if (!r.check_map(*doc,
                     {"id", "type", "title", "authors", "site", "url", "published", "credentials",
                      "commercial_interest", "note", "assertions"},
                     "the front matter"))
        return;
    const YAML::Node& fm = *doc;
    Source src;
    src.place = {path, 1};
    src.id = r.str(fm, "id", true);
    if (!src.id.empty() && !valid_slug(src.id))
        r.error(fm["id"], "id '" + src.id + "' is not a slug (lower-case letters, digits and single '-')");
    src.type = r.enumeration<SourceType>(fm, "type", true, parse_source_type, "source type", source_type_values())
                   .value_or(SourceType::Article);
    if (src.type == SourceType::Study) r.error(fm["type"], "a study belongs in studies/ as YAML and PubMed XML");
    src.title = r.str(fm, "title", true);
    src.authors = r.list(fm, "authors", false);
    src.site = r.str(fm, "site", false);
    src.url = r.str(fm, "url", false);
    if (!src.url.empty() && src.url.rfind("https://", 0) != 0 && src.url.rfind("http://", 0) != 0)
        r.error(fm["url"], "url must start with https:// or http://");
    src.published = r.str(fm, "published", false);
    if (!src.published.empty() && !valid_date(src.published))
        r.error(fm["published"],
                "published must be a year or a date (2019, 2019-04 or 2019-04-02), not '" + src.published + "'");
    src.credentials = r.str(fm, "credentials", false);
    src.commercial_interest = r.str(fm, "commercial_interest", true);
    src.note = r.str(fm, "note", false);

    std::string preamble;
    split_posts(path, split.body, split.body_line, src, preamble, errors);
    src.markdown = split.body;
    const Rendered whole = render_markdown(preamble, split.body_line);
    src.html = whole.html;
    src.text = whole.text;
    std::vector<Rendered> posts;
    for (auto& p : src.posts) {
        posts.push_back(render_markdown(p.markdown, p.line));
        p.html = posts.back().html;
        p.text = posts.back().text;
        if (!src.text.empty()) src.text += ' ';
        src.text += p.text;
    }

    const YAML::Node assertions = fm["assertions"];
    if (assertions && !assertions.IsNull()) {
        if (!assertions.IsSequence()) {
            r.error(assertions, "assertions must be a list");
        } else {
            std::unordered_map<std::string, std::size_t> post_index;
            for (std::size_t i = 0; i < src.posts.size(); ++i) post_index.emplace(src.posts[i].id, i);
            const Texts texts{src, whole, posts, post_index};
            for (const auto& item : assertions) src.assertions.push_back(parse_assertion(r, item, texts));
        }
    }
    corpus.sources.push_back(std::move(src));
}

}  // namespace evidence::ingest
