// A deterministic synthetic corpus for the benchmark: topics, claims, sources
// with bodies of a few hundred words and ~3 assertions each whose quotes are
// taken verbatim from the body. Built in memory, no files; the same seed and
// size give the same corpus on every machine (own RNG, no std distributions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace evidence::bench {

struct SynthOptions {
    std::uint64_t seed = 20240611;
    std::size_t sources = 10000;
    unsigned threads = 0;  // 0: hardware concurrency; the output does not depend on it
};

Corpus synthesize(const SynthOptions& opts);

// splitmix64: small, fast, and the same everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : s_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(uniform() * n); }
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
    bool chance(double p) { return uniform() < p; }
    template <typename T>
    const T& pick(std::span<const T> v) {
        return v[below(v.size())];
    }

private:
    std::uint64_t s_;
};

// The vocabulary the generator writes with, for the query generator.
std::span<const std::string_view> field_words();    // single words of the field: knee, iliotibial, ...
std::span<const std::string_view> field_phrases();  // multi-word terms: "foam rolling", "gluteus medius", ...
// The i-th most frequent general word (real English words first, then
// pronounceable made-up words for the long tail).
std::string general_word(std::size_t rank);

}  // namespace evidence::bench
