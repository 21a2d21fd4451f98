// Lookups over a validated corpus, built once per index run, and the
// synonym variants a text holds. No Xapian type but the document the
// spotter adds terms to: the claim history (cli/history.cpp) builds stored
// JSON from past corpora with these, without compiling Xapian's headers.
//
// Every function here is safe to call from several threads at once with one
// shared CorpusView (parallel builds): the view is read-only after
// construction.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/facet_codes.hpp"
#include "model/model.hpp"

namespace Xapian {
class Document;
}

namespace evidence::index {

// Finds the variants of the corpus' synonym groups in a text, so that a
// document holds, as a term, every variant it contains: "it band" for "IT
// bands". Xapian 1.4's QueryParser expands a synonym key into the *literal*
// strings stored as its synonyms (see search/query.cpp), and a multi-word
// literal such as "iliotibial band" is never a term the TermGenerator makes;
// without these terms a query for "itb" could not find "iliotibial band".
// Variants are matched on English stems, word by word, so "foam rollers"
// holds "foam roller".
class SynonymSpotter {
public:
    explicit SynonymSpotter(const std::vector<SynonymGroup>& groups);
    // The variants found in `text`, once per occurrence, as the synonym
    // table spells them. A one-word variant written exactly so in the text is
    // left out: the TermGenerator indexes that word itself.
    std::vector<std::string> spot(std::string_view text) const;
    void add_terms(Xapian::Document& doc, std::string_view text) const;

private:
    struct Variant {
        std::string literal;
        std::vector<std::string> stems;
    };
    std::vector<Variant> variants_;
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_stem_;
    // Cheap screen before stemming a word: a stem keeps the word's start.
    std::unordered_set<std::string> heads_;  // the first 1-3 bytes of every first stem
};

// The synonym table to write, as (key, synonym) pairs: every variant of a
// group to each other one, keyed as Xapian's QueryParser looks them up
// (lower-case words; several words joined by one space), plus a "Z" + stem
// key for each one-word variant, which the parser tries when the word as
// typed has no entry, so that "NSAIDs" expands when the list says "nsaid".
// The synonyms are literal variants: SynonymSpotter puts them in documents.
std::vector<std::pair<std::string, std::string>> synonym_entries(const std::vector<SynonymGroup>& groups);

// Lookups over a validated corpus, built once per run.
class CorpusView {
public:
    explicit CorpusView(const Corpus& c);
    const Corpus& corpus;
    const Claim* claim(const std::string& id) const;
    const Source* source(const std::string& id) const;
    const Topic* topic(const std::string& id) const;
    // Does `study` have a finding on `claim`? (a citation "bears on" the claim)
    bool study_bears_on(const std::string& study, const std::string& claim) const;
    // The study's own stance on `claim`, from its findings: supports,
    // opposes, mixed (findings that differ), or "does not address".
    std::string study_stance(const std::string& study, const std::string& claim) const;
    // Is `id` a study whose record carries a retraction?
    bool retracted(const std::string& id) const;
    // Claims that compete with `id`, in both directions.
    const std::vector<std::string>& competitors(const std::string& id) const;
    // Topics of the claims a source has assertions on.
    std::vector<std::string> source_topics(const Source& s) const;
    // Every assertion on a claim, with its source.
    struct Evidence {
        const Source* source;
        const Assertion* assertion;
    };
    const std::vector<Evidence>& evidence(const std::string& claim) const;
    const SynonymSpotter& synonyms() const { return spotter_; }
    // The facet codes of the build (model/facet_codes.hpp): the run sets
    // them up (a fresh table, or the live index's) before writing documents,
    // which add the values they meet (thread-safe).
    FacetCodes& codes() const { return codes_; }

private:
    std::unordered_map<std::string, const Claim*> claims_;
    std::unordered_map<std::string, const Source*> sources_;
    std::unordered_map<std::string, const Topic*> topics_;
    std::unordered_map<std::string, std::vector<std::string>> findings_;  // study -> claims
    std::unordered_map<std::string, std::vector<std::string>> competes_;
    std::unordered_map<std::string, std::vector<Evidence>> evidence_;
    SynonymSpotter spotter_;
    mutable FacetCodes codes_;
};

// An assertion's stored JSON (model/stored.hpp), its citations resolved
// against the corpus.
nlohmann::json assertion_json(const CorpusView& v, const Source& s, const Assertion& a);

}  // namespace evidence::index
