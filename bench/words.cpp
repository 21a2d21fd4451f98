// Word lists of the synthetic corpus: general English in rough frequency
// order, the vocabulary of the field, names, sites and journals.
#include "bench/words.hpp"

namespace evidence::bench::words {

// About 500 common English words, most frequent first (the head of a Zipf
// distribution; bench/synth.cpp makes up the long tail).
const std::vector<std::string_view> kCommon = {
    "the", "of", "and", "to", "a", "in", "is", "that", "it", "for", "you", "was", "with", "on", "as", "have",
    "but", "be", "they", "this", "at", "not", "from", "or", "by", "are", "my", "one", "all", "we", "so", "what",
    "if", "there", "can", "an", "about", "out", "up", "when", "which", "more", "do", "would", "their", "will",
    "your", "just", "has", "been", "like", "some", "time", "then", "than", "into", "also", "only", "other",
    "after", "could", "how", "get", "because", "first", "them", "these", "most", "even", "no", "did", "any",
    "over", "back", "much", "should", "well", "through", "where", "still", "before", "very", "those", "way",
    "many", "good", "down", "long", "does", "new", "day", "work", "may", "make", "right", "too", "both",
    "while", "years", "people", "think", "few", "same", "here", "off", "each", "found", "last", "never",
    "little", "start", "great", "really", "help", "around", "things", "again", "without", "part", "better",
    "side", "best", "another", "since", "often", "keep", "feel", "felt", "next", "every", "between", "enough",
    "might", "thing", "used", "using", "always", "look", "why", "know", "something", "went", "point", "done",
    "must", "come", "less", "week", "problem", "able", "case", "own", "until", "body", "seem", "during",
    "however", "quite", "already", "almost", "though", "against", "small", "took", "change", "once",
    "under", "number", "second", "whether", "hard", "early", "later", "few", "fact", "reason", "sure",
    "half", "short", "high", "low", "usually", "sometimes", "slowly", "quickly", "easy", "together",
    "within", "along", "itself", "thought", "probably", "worse", "least", "tried", "trying", "believe",
    "simple", "means", "result", "results", "rather", "several", "normal", "common", "whole", "likely",
    "instead", "clear", "certain", "move", "moving", "movement", "turn", "turned", "hold", "held", "left",
    "side", "outside", "inside", "area", "line", "front", "top", "bottom", "hand", "foot", "feet", "head",
    "legs", "leg", "muscle", "muscles", "bone", "bones", "joint", "joints", "thigh", "calf", "ankle", "toes",
    "morning", "evening", "night", "today", "yesterday", "month", "year", "minutes", "hours", "days",
    "advice", "question", "answer", "story", "idea", "ideas", "reading", "read", "wrote", "written", "says",
    "said", "told", "tell", "asked", "ask", "explain", "explained", "describe", "described", "suggest",
    "suggested", "recommend", "recommended", "agree", "disagree", "seems", "seemed", "appear", "appears",
    "support", "claim", "claims", "true", "false", "wrong", "correct", "myth", "truth", "opinion", "view",
    "experience", "experienced", "personal", "coach", "coaches", "doctor", "doctors", "expert", "experts",
    "team", "friend", "friends", "club", "group", "local", "world", "everyone", "someone", "anyone", "nobody",
    "nothing", "everything", "anything", "place", "places", "home", "gym", "floor", "wall", "chair", "stairs",
    "step", "steps", "walk", "walking", "walked", "sit", "sitting", "stand", "standing", "lying", "sleep",
    "weight", "heavy", "light", "strong", "weak", "tight", "loose", "sore", "stiff", "sharp", "dull",
    "constant", "gradual", "sudden", "slight", "severe", "mild", "minor", "major", "main", "key", "important",
    "possible", "impossible", "necessary", "useful", "useless", "helpful", "effective", "ineffective",
    "different", "similar", "specific", "general", "particular", "various", "simple", "complex", "basic",
    "real", "actual", "actually", "exactly", "completely", "simply", "mostly", "mainly", "largely", "partly",
    "certainly", "clearly", "obviously", "perhaps", "maybe", "definitely", "generally", "typically",
    "especially", "particularly", "directly", "indirectly", "eventually", "finally", "initially",
    "previously", "recently", "currently", "regularly", "daily", "weekly", "consistent", "consistently",
    "program", "plan", "routine", "session", "sessions", "exercise", "exercises", "drill", "drills", "set",
    "sets", "reps", "repetitions", "hold", "position", "positions", "angle", "range", "motion", "control",
    "balance", "stability", "strength", "power", "speed", "distance", "pace", "effort", "fatigue", "energy",
    "level", "levels", "degree", "amount", "size", "length", "width", "force", "forces", "pressure",
    "tension", "stress", "strain", "impact", "contact", "surface", "ground", "shape", "structure", "function",
    "cause", "causes", "caused", "effect", "effects", "factor", "factors", "risk", "risks", "sign", "signs",
    "test", "tests", "measure", "measured", "data", "sample", "group", "groups", "control", "compared",
    "increase", "increased", "decrease", "decreased", "reduce", "reduced", "improve", "improved",
    "improvement", "benefit", "benefits", "outcome", "outcomes", "response", "difference", "differences",
    "finding", "findings", "report", "reported", "reports", "review", "article", "paper", "book", "video",
    "podcast", "website", "forum", "thread", "post", "comment", "link", "source", "sources", "author",
};

// Single words of the field, most frequent first.
const std::vector<std::string_view> kFieldWords = {
    "knee", "pain", "hip", "running", "runners", "band", "iliotibial", "itb", "itbs", "stretching", "glutes",
    "cycling", "cyclists", "injury", "symptoms", "foam", "roller", "rolling", "physio", "strengthening",
    "tfl", "quads", "hamstrings", "inflammation", "fascia", "tendon", "bursa", "bursitis", "cadence", "gait",
    "stride", "orthotics", "insoles", "shoes", "ibuprofen", "naproxen", "diclofenac", "nsaids", "cortisone",
    "corticosteroid", "injection", "massage", "rehab", "rehabilitation", "recovery", "mileage", "marathon",
    "treadmill", "downhill", "hills", "camber", "overpronation", "pronation", "dorsiflexion", "mobility",
    "flexibility", "tightness", "clamshells", "planks", "abductors", "abduction", "adduction", "pelvis",
    "epicondyle", "femur", "tibia", "patella", "compression", "friction", "swelling", "flare", "icing",
    "taping", "needling", "acupuncture", "shockwave", "surgery", "mri", "ultrasound", "trial", "randomized",
    "participants", "patients", "recruits", "cohort", "cadaver", "biomechanics", "kinematics", "saddle",
    "cleats", "pedal", "physiotherapist", "chiropractor", "orthopaedic", "sprinters", "triathletes",
    "hikers", "overuse", "tolerance", "load", "eccentric", "isometric", "activation", "weakness",
};

// Multi-word terms of the field, most frequent first.
const std::vector<std::string_view> kFieldPhrases = {
    "IT band", "foam rolling", "knee pain", "iliotibial band", "hip strengthening", "foam roller",
    "lateral knee pain", "gluteus medius", "hip abductors", "IT band syndrome", "glute med",
    "iliotibial band syndrome", "outer knee", "hip abductor", "tensor fasciae latae", "vastus lateralis",
    "running form", "bike fit", "saddle height", "cleat position", "side planks", "band walks",
    "single-leg squats", "hip drops", "strength training", "physical therapy", "cortisone shot",
    "corticosteroid injection", "steroid injection", "anti-inflammatory drugs", "kinesio tape",
    "dry needling", "massage gun", "trigger points", "myofascial release", "soft tissue", "fat pad",
    "lateral femoral epicondyle", "pelvic drop", "knee valgus", "leg length", "flat feet",
    "ankle mobility", "training load", "relative rest", "return to running", "downhill running",
    "trail running", "half marathon", "stability shoes", "arch support", "running shoes",
    "systematic review", "randomized trial", "Ober test", "Noble compression test", "weak hips",
    "tight IT band", "hip flexors", "cross training", "warm up", "cool down", "graded return",
};

const std::vector<std::string_view> kGiven = {
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "William", "Susan", "Richard", "Jessica", "Joseph", "Sarah", "Thomas", "Karen", "Daniel", "Lisa",
    "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Paul", "Emily", "Steven", "Michelle",
    "Andrew", "Amanda", "Joshua", "Melissa", "Kevin", "Rebecca", "Brian", "Laura", "Tim", "Anna",
    "Lars", "Ingrid", "Pierre", "Claire", "Marco", "Giulia", "Kenji", "Yuki", "Sean", "Aoife",
};

const std::vector<std::string_view> kFamily = {
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill",
    "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
    "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
    "Fredericson", "Fairclough", "Hansen", "Larsen", "Nielsen", "Rossi", "Bianchi", "Tanaka", "Sato",
    "Kelly", "Byrne", "Dubois", "Lefebvre", "Schmidt", "Weber", "Novak", "Kowalski", "Silva", "Costa",
};

const std::vector<std::string_view> kSitePrefixes = {
    "run", "trail", "stride", "pace", "miles", "tempo", "physio", "ortho", "sport", "cycle", "velo", "knee",
    "hip", "rehab", "fit", "endure", "marathon", "track", "road", "peak", "summit", "motion", "move",
    "active", "strong", "injury", "recover", "heal", "kinetic", "gait",
};

const std::vector<std::string_view> kSiteSuffixes = {
    "world", "lab", "hub", "notes", "clinic", "blog", "digest", "coach", "central", "weekly", "daily",
    "journal", "life", "guide", "nation", "zone", "works", "science",
};

const std::vector<std::string_view> kForums = {
    "Running forum", "Cycling training forum", "Triathlon forum", "Trail runners board", "Ultra forum",
    "Marathon talk", "Physio questions board", "Bike fit forum", "Masters athletes forum",
    "Couch to 5k community", "Track and field board", "Cyclocross forum", "Injury corner", "Hikers board",
};

const std::vector<std::string_view> kJournals = {
    "British Journal of Sports Medicine", "Clinical Journal of Sport Medicine",
    "Journal of Orthopaedic and Sports Physical Therapy", "American Journal of Sports Medicine",
    "Gait and Posture", "Journal of Biomechanics", "Medicine and Science in Sports and Exercise",
    "Physical Therapy in Sport", "Journal of Athletic Training", "Sports Health",
    "Scandinavian Journal of Medicine and Science in Sports", "Clinical Biomechanics",
    "Journal of Sports Sciences", "International Journal of Sports Physical Therapy",
    "Journal of Anatomy", "Knee Surgery Sports Traumatology Arthroscopy", "Sports Medicine",
    "Journal of Science and Medicine in Sport", "Manual Therapy", "Physiotherapy", "BMJ Open Sport",
    "Orthopaedic Journal of Sports Medicine", "Journal of Sport Rehabilitation", "Foot and Ankle International",
};

const std::vector<std::string_view> kInterests = {
    "sells a running coaching programme", "sells foam rollers", "runs a physiotherapy clinic",
    "sells an online rehab course", "sells running shoes", "offers bike fitting", "sells kinesiology tape",
    "sells a massage gun", "affiliate links to products",
};

const std::vector<std::string_view> kCredentials = {
    "", "", "physiotherapist", "running coach", "sports physician", "personal trainer", "podiatrist",
    "orthopaedic surgeon", "chiropractor", "bike fitter", "massage therapist",
};

}  // namespace evidence::bench::words
