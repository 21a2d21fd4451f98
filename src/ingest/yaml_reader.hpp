// Reading corpus YAML with every value as a string (YAML 1.1 would turn
// `no` into false) and every problem reported with its file and line.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace evidence::ingest {

// yaml-cpp holds about 60 bytes of memory per byte of YAML: a corpus YAML file
// is capped like a source's Markdown (README.md, "Limits of the corpus files").
constexpr std::size_t kMaxYamlBytes = 2 * 1024 * 1024;
// Corpus YAML nests three levels; yaml-cpp recurses once per level.
constexpr int kMaxYamlDepth = 64;

class YamlReader {
public:
    // `first_line` is the file line of the first line of the YAML text.
    YamlReader(std::string file, int first_line, std::vector<Diagnostic>& errors)
        : file_(std::move(file)), first_line_(first_line), errors_(errors) {}

    // Parses text; on a syntax error reports it with its line and returns nullopt.
    // Refused before yaml-cpp builds anything, each with its line: text over
    // kMaxYamlBytes, invalid UTF-8, nesting deeper than kMaxYamlDepth, and
    // aliases (*name), which would let a small file expand without bound.
    std::optional<YAML::Node> parse(const std::string& text);

    Place at(const YAML::Node& n) const;
    void error(const YAML::Node& n, std::string message);
    void error_at(int line, std::string message);
    const std::string& file() const { return file_; }

    // Reports keys of a mapping not in `known`; false when `n` is not a mapping.
    bool check_map(const YAML::Node& n, std::initializer_list<std::string_view> known, std::string_view what);

    // A scalar field as written; "" when absent (an error if required).
    std::string str(const YAML::Node& map, const char* key, bool required);
    // A list of scalars; a single scalar is a list of one.
    std::vector<std::string> list(const YAML::Node& map, const char* key, bool required);
    // An evidence level 1..7; 0 when absent or invalid (invalid is reported).
    int level(const YAML::Node& map, const char* key, bool required);

    template <typename E, typename ParseFn>
    std::optional<E> enumeration(const YAML::Node& map, const char* key, bool required, ParseFn parse_fn,
                                 std::string_view what, const std::string& values) {
        const std::string s = str(map, key, required);
        if (s.empty()) return std::nullopt;
        auto e = parse_fn(s);
        if (!e) error(map[key], "unknown " + std::string(what) + " '" + s + "' (expected one of: " + values + ")");
        return e;
    }

private:
    std::string file_;
    int first_line_;
    std::vector<Diagnostic>& errors_;
};

}  // namespace evidence::ingest
