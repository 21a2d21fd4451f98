// The Xapian documents of claims, assertions and sources, with the stored
// JSON the search returns as it is.
#pragma once

#include <xapian.h>

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"

namespace evidence::index {

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
    // Claims that compete with `id`, in both directions.
    const std::vector<std::string>& competitors(const std::string& id) const;
    // Topics of the claims a source has assertions on.
    std::vector<std::string> source_topics(const Source& s) const;

private:
    std::unordered_map<std::string, const Claim*> claims_;
    std::unordered_map<std::string, const Source*> sources_;
    std::unordered_map<std::string, const Topic*> topics_;
    std::unordered_map<std::string, std::vector<std::string>> findings_;  // study -> claims
    std::unordered_map<std::string, std::vector<std::string>> competes_;
};

nlohmann::json source_summary(const Source& s);
nlohmann::json claim_summary(const Claim& c);

Xapian::Document claim_document(const CorpusView& v, const Claim& c, Xapian::TermGenerator& tg);
Xapian::Document assertion_document(const CorpusView& v, const Source& s, const Assertion& a,
                                    Xapian::TermGenerator& tg);
Xapian::Document source_document(const CorpusView& v, const Source& s, Xapian::TermGenerator& tg);

}  // namespace evidence::index
