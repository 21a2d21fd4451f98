// Word lists of the synthetic corpus (bench/words.cpp).
#pragma once

#include <string_view>
#include <vector>

namespace evidence::bench::words {

extern const std::vector<std::string_view> kCommon;        // general English, most frequent first
extern const std::vector<std::string_view> kFieldWords;    // knee, iliotibial, ...
extern const std::vector<std::string_view> kFieldPhrases;  // "foam rolling", "gluteus medius", ...
extern const std::vector<std::string_view> kGiven;
extern const std::vector<std::string_view> kFamily;
extern const std::vector<std::string_view> kSitePrefixes;
extern const std::vector<std::string_view> kSiteSuffixes;
extern const std::vector<std::string_view> kForums;
extern const std::vector<std::string_view> kJournals;
extern const std::vector<std::string_view> kInterests;
extern const std::vector<std::string_view> kCredentials;

}  // namespace evidence::bench::words
