// studies/*.yaml: our annotation of a study, with its PubMed record beside it.
#include <cctype>

#include "ingest/corpus.hpp"
#include "ingest/pubmed.hpp"
#include "ingest/text.hpp"
#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

namespace {

StudyRecord to_record(const PubmedRecord& p) {
    StudyRecord r;
    r.pmid = p.pmid;
    r.doi = p.doi;
    r.pmcid = p.pmcid;
    r.title = p.title;
    r.journal = p.journal;
    r.year = p.year;
    r.volume = p.volume;
    r.issue = p.issue;
    r.pages = p.pages;
    r.kind = p.kind;
    for (const auto& a : p.authors) r.authors.push_back({a.family, a.given, a.literal});
    r.publication_types = p.publication_types;
    r.retracted = p.retracted;
    r.notices = p.notices;
    return r;
}

// Links derived from verified identifiers only; no identifier, no link.
std::string record_url(const StudyRecord& r) {
    if (!r.doi.empty()) return "https://doi.org/" + r.doi;
    if (!r.pmid.empty()) return "https://pubmed.ncbi.nlm.nih.gov/" + r.pmid + "/";
    return {};
}

// The PubMed parser's "path:line: message" as a Diagnostic, so that errors sort by place.
Diagnostic split_diagnostic(const std::string& e, const std::string& path) {
    if (e.rfind(path + ":", 0) == 0) {
        std::size_t pos = path.size() + 1, end = pos;
        while (end < e.size() && std::isdigit(static_cast<unsigned char>(e[end]))) ++end;
        if (end > pos && e.compare(end, 2, ": ") == 0)
            return {{path, std::stoi(e.substr(pos, end - pos))}, e.substr(end + 2)};
        if (e.compare(pos, 1, " ") == 0) return {{path, 0}, e.substr(pos + 1)};
    }
    return {{}, e};
}

Assertion parse_finding(YamlReader& r, const YAML::Node& item, const Source& study) {
    Assertion a;
    a.place = r.at(item);
    a.source = study.id;
    a.level = study.level;
    if (!r.check_map(item, {"claim", "stance", "directness", "outcome", "finding", "note", "review_note"}, "a finding"))
        return a;
    a.claim = r.str(item, "claim", true);
    a.stance =
        r.enumeration<Stance>(item, "stance", true, parse_stance, "stance", stance_values()).value_or(Stance::Supports);
    a.directness =
        r.enumeration<Directness>(item, "directness", true, parse_directness, "directness", directness_values())
            .value_or(Directness::Direct);
    a.outcome = r.enumeration<Outcome>(item, "outcome", true, parse_outcome, "outcome", outcome_values());
    a.finding = normalise(r.str(item, "finding", true));
    a.note = r.str(item, "note", false);
    a.review_note = r.str(item, "review_note", false);
    a.id = assertion_id(a);
    return a;
}

// participants: a whole number, `unknown`, or `not-applicable`.
void read_participants(YamlReader& r, const YAML::Node& y, StudyInfo& info) {
    const std::string s = r.str(y, "participants", true);
    if (s.empty()) return;
    if (s == "unknown") return;
    if (s == "not-applicable") {
        info.participants_applicable = false;
        return;
    }
    if (s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos) {
        info.participants = std::stol(s);
        return;
    }
    r.error(y["participants"], "participants must be a whole number, unknown or not-applicable, not '" + s + "'");
}

// The structured annotation GRADE and the facets read (corpus/README.md).
void read_grade_fields(YamlReader& r, const YAML::Node& y, StudyInfo& info) {
    info.design_type = r.enumeration<Design>(y, "design_type", true, parse_design, "design_type", design_values())
                           .value_or(Design::Unknown);
    const YAML::Node includes = y["includes"];
    if (is_review(info.design_type)) {
        // A review names the corpus's studies it includes; [] when it includes none of them.
        if (!includes)
            r.error(y, "missing field 'includes' (a systematic review lists the corpus's studies it includes, or [])");
        else {
            info.includes = r.list(y, "includes", false);
            info.includes_place = r.at(includes);
        }
    } else if (includes) {
        r.error(includes,
                "field 'includes' is for a systematic review, not a " + std::string(design_label(info.design_type)));
    }
    read_participants(r, y, info);
    for (const auto& p : r.list(y, "populations", true)) {
        if (auto v = parse_population(p))
            info.populations.push_back(*v);
        else
            r.error(y["populations"], "unknown population '" + p + "' (expected one of: " + population_values() + ")");
    }
    info.risk_of_bias =
        r.enumeration<RiskOfBias>(y, "risk_of_bias", true, parse_risk_of_bias, "risk_of_bias", risk_of_bias_values())
            .value_or(RiskOfBias::Unknown);
    info.risk_of_bias_reason = r.str(y, "risk_of_bias_reason", true);
}

}  // namespace

void parse_study(const std::string& path, const std::string& content, const std::filesystem::path& dir, Corpus& corpus,
                 std::vector<Diagnostic>& errors) {
    YamlReader r(path, 1, errors);
    auto doc = r.parse(content);
    if (!doc) return;
    const YAML::Node& y = *doc;
    if (!r.check_map(y,
                     {"id", "record", "design", "design_type", "includes", "level", "sample_size", "participants",
                      "population", "populations", "risk_of_bias", "risk_of_bias_reason", "identification",
                      "identification_note", "commercial_interest", "note", "findings"},
                     "a study"))
        return;
    Source src;
    src.type = SourceType::Study;
    src.place = {path, 1};
    src.id = r.str(y, "id", true);
    if (!src.id.empty() && !valid_slug(src.id))
        r.error(y["id"], "id '" + src.id + "' is not a slug (lower-case letters, digits and single '-')");
    StudyInfo info;
    info.design = r.str(y, "design", true);
    info.sample_size = r.str(y, "sample_size", false);
    info.population = r.str(y, "population", false);
    read_grade_fields(r, y, info);
    const std::string ident = r.str(y, "identification", false);
    if (!ident.empty() && ident != "certain" && ident != "uncertain")
        r.error(y["identification"], "unknown identification '" + ident + "' (expected one of: certain, uncertain)");
    info.identification_certain = ident != "uncertain";
    info.identification_note = r.str(y, "identification_note", false);
    src.commercial_interest = r.str(y, "commercial_interest", false);
    src.note = r.str(y, "note", false);

    const std::string record = r.str(y, "record", true);
    if (!record.empty() && (record.find_first_of("/\\") != std::string::npos || record[0] == '.')) {
        // Only a file beside the YAML: a path could read any file on the machine.
        r.error(y["record"], "record '" + record + "' must be the name of a file in the studies folder");
    } else if (!record.empty()) {
        const std::string xml_path = (dir / record).string();
        PubmedResult parsed = parse_pubmed_file(xml_path);
        for (const auto& e : parsed.errors) errors.push_back(split_diagnostic(e, xml_path));
        if (parsed.errors.empty() && parsed.records.size() != 1)
            r.error(y["record"], "record '" + record + "' must hold exactly one PubMed record, not " +
                                     std::to_string(parsed.records.size()));
        else if (parsed.records.size() == 1)
            info.record = to_record(parsed.records.front());
    }
    src.title = info.record.title;
    for (const auto& a : info.record.authors) src.authors.push_back(a.display());
    src.site = info.record.journal;
    src.published = info.record.year;
    src.url = record_url(info.record);

    src.level = r.level(y, "level", false);
    if (src.level == 0 && !y["level"]) {
        src.level = default_level(info.record.publication_types);
        if (src.level == 0 && !info.record.title.empty())
            r.error(y, "missing field 'level' (the record's publication types do not give one)");
    }
    src.text = normalise(src.title + " " + info.design + " " + info.population);
    src.study = std::move(info);

    const YAML::Node findings = y["findings"];
    if (findings && !findings.IsNull()) {
        if (!findings.IsSequence())
            r.error(findings, "findings must be a list");
        else
            for (const auto& item : findings) src.assertions.push_back(parse_finding(r, item, src));
    }
    corpus.sources.push_back(std::move(src));
}

}  // namespace evidence::ingest
