#include "bench/synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include "bench/words.hpp"

namespace evidence::bench {

namespace {

using words::kCommon;

struct TopicDef {
    std::string_view id, label;
    TopicKind kind;
    std::vector<std::string_view> keywords;  // what a text about it keeps mentioning
};

const std::vector<TopicDef> kTopics = {
    {"foam-rolling", "Foam rolling", TopicKind::Intervention, {"foam roller", "foam rolling", "roll", "lacrosse ball"}},
    {"itb-stretching", "Stretching the IT band", TopicKind::Intervention, {"stretch", "IT band", "crossover stretch"}},
    {"muscle-stretching",
     "Stretching the hip and leg muscles",
     TopicKind::Intervention,
     {"stretching", "hip flexors", "TFL"}},
    {"hip-strengthening", "Hip strengthening", TopicKind::Intervention, {"gluteus medius", "hip abductors", "glutes"}},
    {"clamshells", "Clamshells", TopicKind::Intervention, {"clamshells", "side-lying", "resistance band"}},
    {"single-leg-work",
     "Single-leg strength and stability",
     TopicKind::Intervention,
     {"single-leg squats", "step-downs", "balance"}},
    {"gait-retraining", "Gait retraining", TopicKind::Intervention, {"running form", "cadence", "gait"}},
    {"rest-load", "Rest and load management", TopicKind::Intervention, {"relative rest", "mileage", "training load"}},
    {"bike-fit", "Bike fit", TopicKind::Intervention, {"saddle height", "cleat position", "bike fit"}},
    {"footwear-orthotics",
     "Footwear and orthotics",
     TopicKind::Intervention,
     {"orthotics", "running shoes", "insoles"}},
    {"nsaids",
     "Anti-inflammatory drugs",
     TopicKind::Intervention,
     {"ibuprofen", "naproxen", "anti-inflammatory drugs"}},
    {"corticosteroid-injection",
     "Corticosteroid injection",
     TopicKind::Intervention,
     {"cortisone shot", "corticosteroid injection", "cortisone"}},
    {"ice", "Ice", TopicKind::Intervention, {"ice", "icing", "cold"}},
    {"massage", "Massage", TopicKind::Intervention, {"massage", "massage gun", "soft tissue"}},
    {"kinesio-tape", "Kinesiology tape", TopicKind::Intervention, {"kinesio tape", "taping", "tape"}},
    {"surgery", "Surgery", TopicKind::Intervention, {"surgery", "release", "bursectomy"}},
    {"ankle-mobility", "Ankle mobility", TopicKind::Intervention, {"ankle mobility", "dorsiflexion", "calf"}},
    {"dry-needling", "Dry needling", TopicKind::Intervention, {"dry needling", "needles", "trigger points"}},
    {"shockwave", "Shockwave therapy", TopicKind::Intervention, {"shockwave", "ESWT", "sessions"}},
    {"strength-training",
     "Heavy strength training",
     TopicKind::Intervention,
     {"strength training", "squats", "deadlifts"}},
    {"physiotherapy", "Physiotherapy", TopicKind::Intervention, {"physio", "physical therapy", "manual therapy"}},
    {"cross-training", "Cross-training", TopicKind::Intervention, {"cross training", "swimming", "elliptical"}},
    {"training-errors", "Training errors", TopicKind::Cause, {"mileage", "too much too soon", "training load"}},
    {"hip-weakness", "Hip weakness", TopicKind::Cause, {"weak hips", "hip abductors", "pelvic drop"}},
    {"itb-tightness", "A tight IT band", TopicKind::Cause, {"tight IT band", "tightness", "Ober test"}},
    {"overpronation", "Overpronation", TopicKind::Cause, {"overpronation", "flat feet", "arch support"}},
    {"leg-length", "Leg length difference", TopicKind::Cause, {"leg length", "camber", "heel lift"}},
    {"downhill-running", "Downhill running", TopicKind::Cause, {"downhill running", "hills", "descents"}},
    {"mechanism", "How ITBS arises", TopicKind::Question, {"fat pad", "compression", "friction"}},
    {"diagnosis", "Diagnosing ITBS", TopicKind::Question, {"lateral knee pain", "MRI", "Noble compression test"}},
};

struct ClaimTemplate {
    std::string_view slug, text;  // text: "%s" is the topic label, lower case
    ClaimType type;
};

const std::vector<ClaimTemplate> kInterventionClaims = {
    {"temporary-relief", "%s gives temporary relief of ITBS symptoms.", ClaimType::Efficacy},
    {"resolves-itbs", "Regular %s resolves ITBS.", ClaimType::Efficacy},
    {"prevents-runners", "%s prevents ITBS in runners.", ClaimType::Prevention},
    {"prevents-cyclists", "%s prevents ITBS in cyclists.", ClaimType::Prevention},
    {"flare-pain", "%s reduces pain during a flare-up of lateral knee pain.", ClaimType::Efficacy},
    {"faster-return", "%s speeds the return to running after ITBS.", ClaimType::Prognosis},
    {"harm", "%s can make ITBS worse or cause other injuries.", ClaimType::Harm},
    {"mechanism", "%s works by reducing compression of the fat pad under the band.", ClaimType::Mechanism},
    {"needs-hip-work", "%s helps only when combined with hip strengthening.", ClaimType::Efficacy},
    {"no-better-than-rest", "%s is no better than relative rest.", ClaimType::Efficacy},
};

const std::vector<ClaimTemplate> kCauseClaims = {
    {"causes-itbs", "%s causes ITBS.", ClaimType::Cause},
    {"risk-runners", "%s is a risk factor for ITBS in runners.", ClaimType::Cause},
    {"risk-cyclists", "%s is a risk factor for ITBS in cyclists.", ClaimType::Cause},
    {"recurrence", "%s explains why ITBS recurs after treatment.", ClaimType::Prognosis},
    {"visible-mri", "%s can be seen on MRI or ultrasound.", ClaimType::Diagnosis},
    {"band-strain", "%s increases the strain on the iliotibial band.", ClaimType::Mechanism},
    {"consequence", "%s is a consequence of ITBS rather than its cause.", ClaimType::Cause},
    {"assessed-clinic", "%s can be assessed reliably in a clinic.", ClaimType::Diagnosis},
    {"women-more", "%s explains why women get ITBS more often.", ClaimType::Cause},
    {"correcting-cures", "Correcting %s cures ITBS.", ClaimType::Efficacy},
};

const std::vector<ClaimTemplate> kQuestionClaims = {
    {"friction", "%s: the band rubs back and forth over the femoral epicondyle.", ClaimType::Mechanism},
    {"compression", "%s: the band compresses a fat pad rich in nerve endings.", ClaimType::Mechanism},
    {"bursa", "%s: an inflamed bursa under the band causes the pain.", ClaimType::Anatomy},
    {"not-muscle", "%s: the IT band is not a muscle and cannot contract.", ClaimType::Anatomy},
    {"cannot-stretch", "%s: the IT band cannot be stretched or lengthened.", ClaimType::Anatomy},
    {"pain-30-degrees", "%s: the pain peaks at about 30 degrees of knee flexion.", ClaimType::Diagnosis},
    {"imaging-needed", "%s: imaging is needed to tell ITBS from other knee problems.", ClaimType::Diagnosis},
    {"self-limiting", "%s: ITBS usually settles within a few months.", ClaimType::Prognosis},
    {"chronic-common", "%s: a chronic course is common in runners.", ClaimType::Prognosis},
    {"tendinopathy", "%s: ITBS is a tendinopathy of the distal band.", ClaimType::Mechanism},
};

const std::vector<std::vector<std::string>> kSynonyms = {
    {"itb", "it band", "iliotibial band", "iliotibial tract"},
    {"itbs", "it band syndrome", "iliotibial band syndrome", "itb syndrome"},
    {"lateral knee pain", "outer knee pain", "outside of the knee"},
    {"glute med", "gluteus medius", "glute medius"},
    {"tfl", "tensor fasciae latae", "tensor fascia latae"},
    {"hip abductors", "hip abductor muscles", "outer hip muscles"},
    {"vastus lateralis", "outer quad"},
    {"running form", "running technique"},
    {"foam roller", "foam rolling", "foam roll"},
    {"massage gun", "percussion massager"},
    {"nsaid", "nsaids", "ibuprofen", "naproxen", "diclofenac", "voltaren", "anti-inflammatory drugs"},
    {"cortisone", "corticosteroid", "steroid injection", "cortisone shot", "corticosteroid injection"},
    {"ice", "icing", "cryotherapy"},
    {"kinesio tape", "kinesiology tape", "kt tape"},
    {"orthotics", "arch support", "insoles", "stability shoes"},
    {"physio", "physiotherapy", "physical therapy", "physiotherapist"},
    {"strength training", "strengthening", "resistance training"},
    {"bike fit", "bike fitting"},
    {"saddle height", "seat height"},
};

// Zipf-Mandelbrot over ranks 0..n-1: P(r) ~ 1 / (r + q)^s.
class Zipf {
public:
    Zipf(std::size_t n, double s, double q) : cdf_(n) {
        double sum = 0;
        for (std::size_t r = 0; r < n; ++r) cdf_[r] = sum += 1.0 / std::pow(static_cast<double>(r) + q, s);
        for (auto& c : cdf_) c /= sum;
    }
    std::size_t sample(Rng& rng) const {
        const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), rng.uniform());
        return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
    }

private:
    std::vector<double> cdf_;
};

constexpr std::size_t kVocabulary = 100000;

// Index into a list skewed to its head, for lists already in frequency order.
std::size_t skewed(Rng& rng, std::size_t n, double power = 2.0) {
    return std::min(n - 1, static_cast<std::size_t>(std::pow(rng.uniform(), power) * static_cast<double>(n)));
}

std::string lower_first(std::string_view s) {
    std::string out(s);
    // Keep acronyms such as "IT band" as they are.
    if (out.size() > 1 && !(out[1] >= 'A' && out[1] <= 'Z') && out[0] >= 'A' && out[0] <= 'Z') out[0] += 'a' - 'A';
    return out;
}

std::string format(std::string_view pattern, std::string_view arg) {
    std::string out;
    const auto at = pattern.find("%s");
    out.append(pattern.substr(0, at));
    out.append(arg);
    out.append(pattern.substr(at + 2));
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] -= 'a' - 'A';
    return out;
}

std::string padded(std::string_view prefix, std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%07zu", n);
    return std::string(prefix) + buf;
}

// Shared, read-only state of one generation run.
struct Plan {
    std::uint64_t seed = 0;
    std::size_t sources = 0;
    const Corpus* corpus = nullptr;                // topics and claims
    std::vector<std::vector<std::size_t>> claims;  // topic index -> claim indexes
    std::vector<SourceType> types;                 // per source index
    std::vector<std::size_t> studies;              // indexes of studies, for citations
    std::vector<std::string> sites;
    Zipf general{kVocabulary, 1.05, 2.7};
    Zipf topics{kTopics.size(), 1.0, 3.0};
    Zipf site{1, 1.0, 1.0};
};

std::uint64_t mix(std::uint64_t seed, std::uint64_t i) {
    Rng r(seed ^ (i * 0xD1B54A32D192ED03ULL));
    return r.next();
}

std::string source_id(const Plan& p, std::size_t i) {
    return padded(p.types[i] == SourceType::Study ? "study-" : "src-", i);
}

// Writes sentences of the field: general words from the Zipf vocabulary,
// terms and phrases of the field, and the source's own topic keywords.
class Writer {
public:
    Writer(const Plan& p, Rng& rng, const std::vector<std::size_t>& topics) : p_(p), rng_(rng), topics_(topics) {}

    // Appends one sentence to `out`; returns its [begin, end) without the final period.
    std::pair<std::size_t, std::size_t> sentence(std::string& out) {
        if (!out.empty()) out += ' ';
        const std::size_t begin = out.size();
        const int n = rng_.between(7, 22);
        words_ += n;
        for (int i = 0; i < n; ++i) {
            if (i > 0) out += (rng_.chance(0.06) && i < n - 1) ? ", " : " ";
            const std::size_t at = out.size();
            token(out);
            if (i == 0 && out[at] >= 'a' && out[at] <= 'z') out[at] -= 'a' - 'A';
        }
        const std::size_t end = out.size();
        out += '.';
        return {begin, end};
    }

    // Appends about `words` words as sentences, recording where each one is.
    void text(std::string& out, int words, std::vector<std::pair<std::size_t, std::size_t>>& spans) {
        for (const int stop = words_ + words; words_ < stop;) spans.push_back(sentence(out));
    }

private:
    void token(std::string& out) {
        const double u = rng_.uniform();
        if (u < 0.08 && !topics_.empty()) {
            const auto& kw = kTopics[topics_[rng_.below(topics_.size())]].keywords;
            out += kw[skewed(rng_, kw.size(), 1.5)];
        } else if (u < 0.15) {
            out += words::kFieldWords[skewed(rng_, words::kFieldWords.size(), 2.5)];
        } else if (u < 0.20) {
            out += words::kFieldPhrases[skewed(rng_, words::kFieldPhrases.size(), 2.5)];
        } else {
            out += general_word(p_.general.sample(rng_));
        }
    }

    const Plan& p_;
    Rng& rng_;
    const std::vector<std::size_t>& topics_;
    int words_ = 0;
};

std::string person(Rng& rng) {
    return std::string(words::kGiven[rng.below(words::kGiven.size())]) + " " +
           std::string(words::kFamily[rng.below(words::kFamily.size())]);
}

std::string title_of(Rng& rng, SourceType type, const TopicDef& t) {
    const std::string label = lower_first(t.label);
    const std::string kw(t.keywords[rng.below(t.keywords.size())]);
    switch (type) {
        case SourceType::ForumThread: {
            static const std::vector<std::string_view> f = {"Is %s worth it for ITBS?", "Anyone tried %s?",
                                                            "%s after six weeks, still sore", "%s: help needed",
                                                            "Did %s fix your IT band?"};
            return format(f[rng.below(f.size())], kw);
        }
        case SourceType::Study: {
            static const std::vector<std::string_view> s = {
                "Effect of %s on lateral knee pain in runners: a randomized trial",
                "%s and iliotibial band syndrome: a prospective cohort study",
                "%s in recreational runners with ITBS: a case-control study",
                "Iliotibial band strain and %s: a biomechanical study",
                "%s for iliotibial band syndrome: a systematic review"};
            return format(s[rng.below(s.size())], label);
        }
        default: {
            static const std::vector<std::string_view> a = {
                "How to fix your IT band with %s", "Why %s is not the problem", "%s: what the evidence says",
                "The truth about %s and ITBS", "%s for runners with knee pain"};
            return format(a[rng.below(a.size())], label);
        }
    }
}

int study_level(Rng& rng) {
    const double u = rng.uniform();
    return u < 0.10 ? 1 : u < 0.30 ? 2 : u < 0.50 ? 3 : u < 0.75 ? 4 : 5;
}

std::string_view design_of(int level) {
    static const std::string_view d[] = {"",
                                         "systematic review",
                                         "randomized controlled trial",
                                         "prospective cohort study",
                                         "case-control study",
                                         "biomechanical study"};
    return d[level];
}

// Picks a quote of 6-16 words inside one sentence that occurs once in `text`.
bool pick_quote(Rng& rng, const std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                std::size_t& offset, std::string& quote) {
    for (int attempt = 0; attempt < 8 && !spans.empty(); ++attempt) {
        const auto [b, e] = spans[rng.below(spans.size())];
        std::vector<std::size_t> starts{b};
        for (std::size_t i = b; i < e; ++i)
            if (text[i] == ' ') starts.push_back(i + 1);
        const std::size_t words = starts.size();
        if (words < 6) continue;
        const std::size_t len = std::min<std::size_t>(words, static_cast<std::size_t>(rng.between(6, 16)));
        const std::size_t first = rng.below(words - len + 1);
        const std::size_t from = starts[first];
        const std::size_t to = first + len < words ? starts[first + len] - 1 : e;
        std::string q = text.substr(from, to - from);
        while (!q.empty() && (q.back() == ',' || q.back() == ' ')) q.pop_back();
        if (text.find(q) != from || text.find(q, from + 1) != std::string::npos) continue;
        offset = from;
        quote = std::move(q);
        return true;
    }
    return false;
}

std::string paragraphs_html(const std::string& text, const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                            std::size_t from, std::size_t to) {
    std::string html;
    for (std::size_t i = from; i < to; i += 4) {
        html += "<p>";
        const std::size_t b = spans[i].first, e = spans[std::min(to, i + 4) - 1].second + 1;
        html.append(text, b, e - b);
        html += "</p>\n";
    }
    return html;
}

Source make_source(const Plan& p, std::size_t i) {
    Rng rng(mix(p.seed, i + 1));
    const Corpus& c = *p.corpus;
    Source s;
    s.type = p.types[i];
    s.id = source_id(p, i);
    s.place = {"synthetic/" + s.id, 1};
    std::vector<std::size_t> topics;
    for (int n = rng.chance(0.5) ? 1 : rng.chance(0.6) ? 2 : 3; n > 0; --n) {
        const std::size_t t = p.topics.sample(rng);
        if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
    }
    const TopicDef& main = kTopics[topics[0]];
    s.title = title_of(rng, s.type, main);
    const double age = std::pow(rng.uniform(), 1.6);  // recent years more often
    const int year = 2025 - static_cast<int>(age * 25.999);
    s.published = std::to_string(year);
    Writer w(p, rng, topics);
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<std::size_t> post_ends;  // span index where each post ends

    if (s.type == SourceType::ForumThread) {
        s.site = words::kForums[skewed(rng, words::kForums.size())];
        s.commercial_interest = rng.chance(0.85) ? "none" : "";
        for (int n = rng.between(3, 9), k = 1; k <= n; ++k) {
            Post post;
            post.id = "post-" + std::to_string(k);
            post.author = rng.chance(0.2) ? "post " + std::to_string(k) : "runner" + std::to_string(rng.below(5000));
            const std::size_t first = spans.size();
            w.text(post.text, rng.between(25, 110), spans);
            post.html = paragraphs_html(post.text, spans, first, spans.size());
            post_ends.push_back(spans.size());
            s.posts.push_back(std::move(post));
        }
        for (const auto& post : s.posts) s.text += (s.text.empty() ? "" : " ") + post.text;
    } else if (s.type == SourceType::Study) {
        s.level = study_level(rng);
        s.site = words::kJournals[skewed(rng, words::kJournals.size(), 1.5)];
        s.commercial_interest = rng.chance(0.85) ? "none" : "";
        for (int n = rng.between(3, 6); n > 0; --n) s.authors.push_back(person(rng));
        w.text(s.text, rng.between(120, 260), spans);
        s.html = paragraphs_html(s.text, spans, 0, spans.size());
        StudyInfo info;
        info.design = design_of(s.level);
        info.sample_size = std::to_string(rng.between(8, 1200));
        info.population = rng.chance(0.7) ? "recreational runners" : "cyclists";
        info.record.pmid = std::to_string(10000000 + i);
        info.record.doi = "10.5555/synth." + std::to_string(i);
        info.record.title = s.title;
        info.record.journal = s.site;
        info.record.year = s.published;
        info.record.volume = std::to_string(rng.between(1, 60));
        info.record.pages = std::to_string(rng.between(1, 900));
        for (const auto& a : s.authors) {
            const auto sp = a.find(' ');
            info.record.authors.push_back({a.substr(sp + 1), a.substr(0, 1), ""});
        }
        info.record.publication_types = {s.level == 2 ? "Randomized Controlled Trial" : "Journal Article"};
        info.record.retracted = rng.chance(0.005);
        s.study = std::move(info);
    } else {
        // A few hundred sites, a handful of them very common.
        s.site = p.sites[p.site.sample(rng)];
        const double u = rng.uniform();
        s.commercial_interest = u < 0.55   ? "none"
                                : u < 0.85 ? std::string(words::kInterests[rng.below(words::kInterests.size())])
                                           : "";
        for (int n = rng.chance(0.3) ? 0 : rng.chance(0.8) ? 1 : 2; n > 0; --n) s.authors.push_back(person(rng));
        s.credentials = words::kCredentials[rng.below(words::kCredentials.size())];
        w.text(s.text, rng.between(150, 550), spans);
        s.html = paragraphs_html(s.text, spans, 0, spans.size());
    }
    s.markdown.clear();

    // ~3 assertions: 1..5 with mean 3.05.
    const double u = rng.uniform();
    const int count = u < 0.10 ? 1 : u < 0.35 ? 2 : u < 0.65 ? 3 : u < 0.85 ? 4 : 5;
    for (int k = 0; k < count; ++k) {
        Assertion a;
        a.source = s.id;
        a.id = s.id + "/" + std::to_string(k + 1);
        const auto& in_topic = p.claims[topics[rng.below(topics.size())]];
        a.claim = c.claims[in_topic[skewed(rng, in_topic.size(), 1.5)]].id;
        const double st = rng.uniform();
        a.stance = st < 0.6 ? Stance::Supports : st < 0.9 ? Stance::Opposes : Stance::Mixed;
        const double d = rng.uniform();
        a.directness = d < 0.7   ? Directness::Direct
                       : d < 0.8 ? Directness::IndirectPopulation
                       : d < 0.9 ? Directness::SurrogateOutcome
                                 : Directness::Mechanistic;
        a.place = {s.place.file, 10 + k};
        if (s.type == SourceType::Study) {
            a.level = s.level;
            std::string finding;
            w.sentence(finding);  // our own words, not taken from the text
            a.finding = std::move(finding);
        } else {
            a.level = s.type == SourceType::ForumThread ? (rng.chance(0.95) ? 7 : 6) : (rng.chance(0.85) ? 6 : 7);
            if (s.type == SourceType::ForumThread) {
                const std::size_t post = rng.below(s.posts.size());
                const std::size_t from = post == 0 ? 0 : post_ends[post - 1];
                std::vector<std::pair<std::size_t, std::size_t>> local(
                    spans.begin() + static_cast<std::ptrdiff_t>(from),
                    spans.begin() + static_cast<std::ptrdiff_t>(post_ends[post]));
                if (!pick_quote(rng, s.posts[post].text, local, a.quote_offset, a.quote)) continue;
                a.post = s.posts[post].id;
            } else if (!pick_quote(rng, s.text, spans, a.quote_offset, a.quote)) {
                continue;
            }
            if (!p.studies.empty() && rng.chance(s.type == SourceType::Article ? 0.15 : 0.03))
                a.cites.push_back({source_id(p, p.studies[rng.below(p.studies.size())]), "", a.place});
        }
        s.assertions.push_back(std::move(a));
    }
    return s;
}

}  // namespace

std::span<const std::string_view> field_words() { return words::kFieldWords; }
std::span<const std::string_view> field_phrases() { return words::kFieldPhrases; }

std::string general_word(std::size_t rank) {
    if (rank < kCommon.size()) return std::string(kCommon[rank]);
    static const std::string_view syl[] = {"ba",  "ce",  "di",  "fo",  "gu", "ka",  "le",  "mi",  "no",  "pu",
                                           "ra",  "se",  "ti",  "vo",  "zu", "bri", "cla", "dro", "fle", "gri",
                                           "pla", "sto", "tre", "und", "ex", "con", "per", "al",  "or",  "en"};
    static const std::string_view end[] = {"", "s", "ing", "ed", "ly", "tion", "er", "ness"};
    constexpr std::size_t n = std::size(syl);
    std::size_t x = rank - kCommon.size() + n;  // at least two syllables
    std::string w;
    while (x > 0) {
        w.insert(0, syl[x % n]);
        x /= n;
    }
    return w + std::string(end[rank % std::size(end)]);
}

Corpus synthesize(const SynthOptions& opts) {
    Corpus c;
    Plan p;
    p.seed = opts.seed;
    p.sources = opts.sources;
    p.corpus = &c;
    for (const auto& t : kTopics) {
        Topic topic;
        topic.id = t.id;
        topic.label = t.label;
        topic.kind = t.kind;
        topic.description = "Synthetic topic about " + lower_first(t.label) + ".";
        c.topics.push_back(std::move(topic));
    }
    Rng rng(mix(opts.seed, 0));
    p.claims.resize(kTopics.size());
    for (std::size_t ti = 0; ti < kTopics.size(); ++ti) {
        const TopicDef& t = kTopics[ti];
        const auto& templates = t.kind == TopicKind::Intervention ? kInterventionClaims
                                : t.kind == TopicKind::Cause      ? kCauseClaims
                                                                  : kQuestionClaims;
        for (const auto& tpl : templates) {
            Claim cl;
            cl.id = std::string(t.id) + "-" + std::string(tpl.slug);
            cl.statement = format(tpl.text, t.kind == TopicKind::Question ? t.label : lower_first(t.label));
            cl.type = tpl.type;
            cl.topics = {std::string(t.id)};
            if (rng.chance(0.3)) {
                const std::string other(kTopics[rng.below(kTopics.size())].id);
                if (other != cl.topics[0]) cl.topics.push_back(other);
            }
            cl.place = {"synthetic/claims.yaml", static_cast<int>(c.claims.size() + 1)};
            p.claims[ti].push_back(c.claims.size());
            c.claims.push_back(std::move(cl));
        }
        // Relief competes with resolution, and each claim with its neighbour.
        const auto& ids = p.claims[ti];
        for (std::size_t k = 0; k + 1 < ids.size(); k += 2)
            c.claims[ids[k]].competes.push_back(c.claims[ids[k + 1]].id);
    }
    for (const auto& g : kSynonyms) c.synonyms.push_back({g, {"synthetic/synonyms.yaml", 1}});

    for (const auto& pre : words::kSitePrefixes)
        for (const auto& suf : words::kSiteSuffixes)
            if (rng.chance(0.5)) p.sites.push_back(std::string(pre) + std::string(suf) + ".example");
    p.site = Zipf(p.sites.size(), 1.0, 2.0);

    p.types.resize(opts.sources);
    for (std::size_t i = 0; i < opts.sources; ++i) {
        const double u = Rng(mix(opts.seed ^ 0x5eed, i)).uniform();
        p.types[i] = u < 0.55 ? SourceType::Article : u < 0.90 ? SourceType::ForumThread : SourceType::Study;
        if (p.types[i] == SourceType::Study) p.studies.push_back(i);
    }

    c.sources.resize(opts.sources);
    unsigned threads = opts.threads ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (std::size_t i = t; i < opts.sources; i += threads) c.sources[i] = make_source(p, i);
        });
    for (auto& th : pool) th.join();
    return c;
}

}  // namespace evidence::bench
