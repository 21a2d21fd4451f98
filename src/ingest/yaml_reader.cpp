#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

std::optional<YAML::Node> YamlReader::parse(const std::string& text) {
    try {
        return YAML::Load(text);
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

void YamlReader::error(const YAML::Node& n, std::string message) {
    errors_.push_back({at(n), std::move(message)});
}

void YamlReader::error_at(int line, std::string message) {
    errors_.push_back({{file_, line}, std::move(message)});
}

bool YamlReader::check_map(const YAML::Node& n, std::initializer_list<std::string_view> known,
                           std::string_view what) {
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
