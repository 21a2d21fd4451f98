#include "ingest/yaml_reader.hpp"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

#include "ingest/text.hpp"

namespace evidence::ingest {

namespace {

// Thrown by the checking pass to stop yaml-cpp at the first refused event.
struct Refused {
    int line;  // 0-based, as yaml-cpp counts
    std::string message;
};

// Walks the events of the document without building it: deep nesting is
// stopped before yaml-cpp recurses far, and aliases are refused.
class Checker : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
        throw Refused{m.line, "aliases (*name) are not allowed in corpus files; write the value out"};
    }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        enter(m);
    }
    void OnSequenceEnd() override { --depth_; }
    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        enter(m);
    }
    void OnMapEnd() override { --depth_; }

private:
    void enter(const YAML::Mark& m) {
        if (++depth_ > kMaxYamlDepth)
            throw Refused{m.line, "lists and mappings nested deeper than " + std::to_string(kMaxYamlDepth) + " levels"};
    }
    int depth_ = 0;
};

// yaml-cpp scans a flow collection ([...] or {...}) ahead before it reports
// its start, holding about 240 bytes a bracket: 2 MB of '[' took 470 MB. So
// flow nesting is counted here first, over the text: brackets in quoted
// scalars and comments do not count. The 0-based line of the first bracket
// too deep, or -1.
int flow_too_deep(std::string_view text) {
    int depth = 0, line = 0;
    char quote = 0, prev = '\n';
    bool comment = false;
    for (std::size_t i = 0; i < text.size(); prev = text[i], ++i) {
        const char c = text[i];
        if (c == '\n') {
            ++line;
            comment = false;
            continue;
        }
        if (comment) continue;
        if (quote) {
            if (quote == '"' && c == '\\') {
                ++i;  // an escape: the next character is not the closing quote
                if (i < text.size() && text[i] == '\n') ++line;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        const bool after_space = prev == ' ' || prev == '\t' || prev == '\n';
        if (c == '#' && after_space) {
            comment = true;
        } else if ((c == '\'' || c == '"') && (after_space || prev == '[' || prev == '{' || prev == ',')) {
            quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxYamlDepth) return line;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return -1;
}

}  // namespace

std::optional<YAML::Node> YamlReader::parse(const std::string& text) {
    if (text.size() > kMaxYamlBytes) {
        error_at(first_line_, "YAML larger than " + std::to_string(kMaxYamlBytes) + " bytes");
        return std::nullopt;
    }
    if (!check_utf8(file_, text, first_line_, errors_)) return std::nullopt;
    if (const int line = flow_too_deep(text); line >= 0) {
        error_at(first_line_ + line,
                 "lists and mappings nested deeper than " + std::to_string(kMaxYamlDepth) + " levels");
        return std::nullopt;
    }
    try {
        std::istringstream in(text);
        YAML::Parser parser(in);
        Checker checker;
        parser.HandleNextDocument(checker);
        return YAML::Load(text);
    } catch (const Refused& e) {
        error_at(first_line_ + (e.line < 0 ? 0 : e.line), e.message);
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        // yaml-cpp's what() repeats the position; msg is the bare reason.
        error_at(first_line_ + (e.mark.line < 0 ? 0 : e.mark.line), "malformed YAML: " + e.msg);
        return std::nullopt;
    }
}

Place YamlReader::at(const YAML::Node& n) const {
    const auto m = n.Mark();
    return {file_, m.line < 0 ? first_line_ : first_line_ + m.line};
}

void YamlReader::error(const YAML::Node& n, std::string message) { errors_.push_back({at(n), std::move(message)}); }

void YamlReader::error_at(int line, std::string message) { errors_.push_back({{file_, line}, std::move(message)}); }

bool YamlReader::check_map(const YAML::Node& n, std::initializer_list<std::string_view> known, std::string_view what) {
    if (!n.IsMap()) {
        error(n, std::string(what) + " must be a mapping of fields");
        return false;
    }
    for (const auto& kv : n) {
        const std::string key = kv.first.Scalar();
        bool ok = false;
        for (auto k : known) ok = ok || k == key;
        if (!ok) error(kv.first, "unknown field '" + key + "' in " + std::string(what));
    }
    return true;
}

std::string YamlReader::str(const YAML::Node& map, const char* key, bool required) {
    const YAML::Node n = map[key];
    if (!n || n.IsNull()) {
        if (required) error(map, std::string("missing field '") + key + "'");
        return {};
    }
    if (!n.IsScalar()) {
        error(n, std::string("field '") + key + "' must be text");
        return {};
    }
    std::string s = n.Scalar();
    if (required && s.empty()) error(n, std::string("field '") + key + "' is empty");
    return s;
}

std::vector<std::string> YamlReader::list(const YAML::Node& map, const char* key, bool required) {
    std::vector<std::string> out;
    const YAML::Node n = map[key];
    if (!n || n.IsNull()) {
        if (required) error(map, std::string("missing field '") + key + "'");
        return out;
    }
    if (n.IsScalar()) {
        if (!n.Scalar().empty()) out.push_back(n.Scalar());
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            if (item.IsScalar())
                out.push_back(item.Scalar());
            else
                error(item, std::string("each item of '") + key + "' must be text");
        }
    } else {
        error(n, std::string("field '") + key + "' must be a list");
    }
    if (required && out.empty()) error(n, std::string("field '") + key + "' is empty");
    return out;
}

int YamlReader::level(const YAML::Node& map, const char* key, bool required) {
    const std::string s = str(map, key, required);
    if (s.empty()) return 0;
    if (s.size() == 1 && s[0] >= '1' && s[0] <= '7') return s[0] - '0';
    error(map[key], "level must be a number from 1 to 7, not '" + s + "'");
    return 0;
}

}  // namespace evidence::ingest
