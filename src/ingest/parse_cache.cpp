// The parse cache on disk (corpus.hpp): what each source file parsed to,
// written by one run of `evidence index` and read by the next.
//
// Layout: a header (a magic line, the format version, the writer's stamp),
// then entries one after the other, each its length, a checksum and its
// bytes. Integers are 8 bytes in this machine's order (the stamp ties a
// file to one executable, so to one machine); strings a length and bytes.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <stdexcept>

#include "ingest/corpus.hpp"

namespace evidence::ingest {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "evidence parse cache\n";
// Raise it when the layout below changes.
constexpr std::uint64_t kFormat = 1;

// Every field of these is written below: a field added to the model changes
// its size, and this file must then write and read it too.
static_assert(sizeof(Place) == sizeof(std::string) + 8,
              "Place changed: write and read the new field in parse_cache.cpp");
static_assert(sizeof(Diagnostic) == sizeof(Place) + sizeof(std::string),
              "Diagnostic changed: write and read the new field in parse_cache.cpp");
static_assert(sizeof(Citation) == 2 * sizeof(std::string) + sizeof(Place) + 8,
              "Citation changed: write and read the new field in parse_cache.cpp");
static_assert(sizeof(Assertion) == 10 * sizeof(std::string) + 8 + 8 + 8 + sizeof(std::vector<Citation>) +
                                       sizeof(std::vector<Population>) + 8 + 8 + sizeof(Place),
              "Assertion changed: write and read the new field in parse_cache.cpp");
static_assert(sizeof(Post) == 5 * sizeof(std::string) + 8,
              "Post changed: write and read the new field in parse_cache.cpp");
static_assert(sizeof(Source) == 11 * sizeof(std::string) + 8 + sizeof(std::vector<std::string>) +
                                    sizeof(std::vector<Post>) + sizeof(std::vector<Assertion>) +
                                    sizeof(std::optional<StudyInfo>) + 8 + sizeof(Place),
              "Source changed: write and read the new field in parse_cache.cpp");

// A checksum of the file's bytes, eight at a time.
std::uint64_t checksum(std::string_view bytes) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ bytes.size();
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 32);
}

class Writer {
public:
    std::string out;
    void u64(std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
    void i64(long long v) { u64(static_cast<std::uint64_t>(v)); }
    void str(const std::string& s) {
        u64(s.size());
        out += s;
    }
    template <typename T, typename F>
    void list(const std::vector<T>& v, F each) {
        u64(v.size());
        for (const auto& x : v) each(x);
    }
    void place(const Place& p) {
        str(p.file);
        i64(p.line);
    }
};

struct Damaged : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::uint64_t u64() {
        need(8);
        std::uint64_t v;
        std::memcpy(&v, in_.data() + at_, 8);
        at_ += 8;
        return v;
    }
    long long i64() { return static_cast<long long>(u64()); }
    int small() {
        const long long v = i64();
        if (v < -(1LL << 31) || v >= (1LL << 31)) throw Damaged("a number out of range");
        return static_cast<int>(v);
    }
    std::string str() {
        const std::uint64_t n = u64();
        need(n);
        std::string s(in_.substr(at_, n));
        at_ += n;
        return s;
    }
    // A count of items each at least 8 bytes long: more than the bytes left
    // is damage, not a reason to allocate.
    std::size_t count() {
        const std::uint64_t n = u64();
        if (n > (in_.size() - at_) / 8) throw Damaged("a count past the end");
        return n;
    }
    // An enum's value, its last value given.
    template <typename E>
    E enumerated(E last) {
        const std::uint64_t v = u64();
        if (v > static_cast<std::uint64_t>(last)) throw Damaged("an unknown value");
        return static_cast<E>(v);
    }
    Place place() {
        Place p;
        p.file = str();
        p.line = small();
        return p;
    }
    bool done() const { return at_ == in_.size(); }
    std::size_t at() const { return at_; }
    std::string_view rest() {
        const std::string_view r = in_.substr(at_);
        at_ = in_.size();
        return r;
    }

private:
    void need(std::uint64_t n) const {
        if (n > in_.size() - at_) throw Damaged("it ends early");
    }
    std::string_view in_;
    std::size_t at_ = 0;
};

void write_source(Writer& w, const Source& s) {
    w.str(s.id);
    w.u64(static_cast<std::uint64_t>(s.type));
    w.str(s.title);
    w.list(s.authors, [&](const std::string& a) { w.str(a); });
    w.str(s.site);
    w.str(s.url);
    w.str(s.published);
    w.str(s.credentials);
    w.str(s.commercial_interest);
    w.str(s.note);
    w.str(s.markdown);
    w.str(s.html);
    w.str(s.text);
    w.list(s.posts, [&](const Post& p) {
        w.str(p.id);
        w.str(p.author);
        w.str(p.markdown);
        w.str(p.html);
        w.str(p.text);
        w.i64(p.line);
    });
    w.list(s.assertions, [&](const Assertion& a) {
        w.str(a.id);
        w.str(a.source);
        w.str(a.post);
        w.str(a.claim);
        w.u64(static_cast<std::uint64_t>(a.stance));
        w.str(a.quote);
        w.str(a.prefix);
        w.str(a.suffix);
        w.str(a.finding);
        w.i64(a.level);
        w.u64(static_cast<std::uint64_t>(a.directness));
        w.list(a.cites, [&](const Citation& c) {
            w.str(c.study);
            w.str(c.unresolved);
            w.place(c.place);
            w.u64(c.guessed);
        });
        w.str(a.note);
        w.str(a.review_note);
        w.u64(a.outcome ? 1 + static_cast<std::uint64_t>(*a.outcome) : 0);
        w.list(a.population, [&](Population p) { w.u64(static_cast<std::uint64_t>(p)); });
        w.u64(a.quote_offset);
        w.i64(a.quote_line);
        w.place(a.place);
    });
    w.i64(s.level);
    w.place(s.place);
}

Source read_source(Reader& r) {
    Source s;
    s.id = r.str();
    s.type = r.enumerated(SourceType::Podcast);
    s.title = r.str();
    for (std::size_t n = r.count(); n > 0; --n) s.authors.push_back(r.str());
    s.site = r.str();
    s.url = r.str();
    s.published = r.str();
    s.credentials = r.str();
    s.commercial_interest = r.str();
    s.note = r.str();
    s.markdown = r.str();
    s.html = r.str();
    s.text = r.str();
    s.posts.resize(r.count());
    for (auto& p : s.posts) {
        p.id = r.str();
        p.author = r.str();
        p.markdown = r.str();
        p.html = r.str();
        p.text = r.str();
        p.line = r.small();
    }
    s.assertions.resize(r.count());
    for (auto& a : s.assertions) {
        a.id = r.str();
        a.source = r.str();
        a.post = r.str();
        a.claim = r.str();
        a.stance = r.enumerated(Stance::Mixed);
        a.quote = r.str();
        a.prefix = r.str();
        a.suffix = r.str();
        a.finding = r.str();
        a.level = r.small();
        a.directness = r.enumerated(Directness::Mechanistic);
        a.cites.resize(r.count());
        for (auto& c : a.cites) {
            c.study = r.str();
            c.unresolved = r.str();
            c.place = r.place();
            c.guessed = r.u64() != 0;
        }
        a.note = r.str();
        a.review_note = r.str();
        const std::uint64_t outcome = r.u64();
        if (outcome > 1 + static_cast<std::uint64_t>(Outcome::Unknown)) throw Damaged("an unknown outcome");
        if (outcome > 0) a.outcome = static_cast<Outcome>(outcome - 1);
        for (std::size_t n = r.count(); n > 0; --n) a.population.push_back(r.enumerated(Population::Unknown));
        a.quote_offset = r.u64();
        a.quote_line = r.small();
        a.place = r.place();
    }
    s.level = r.small();
    s.place = r.place();
    return s;
}

std::string header(const std::string& stamp) {
    Writer w;
    w.out = kMagic;
    w.u64(kFormat);
    w.str(stamp);
    return w.out;
}

// Writes all of `bytes` to fd.
bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// An entry as the file holds it: its length, its checksum, then the path,
// the file's size and hash (the entry's "meta") and its parse (errors and
// sources, read by cached_parse: `stored`).
std::string entry_meta(const std::string& path, const ParseCache::Entry& e) {
    Writer w;
    w.str(path);
    w.u64(e.size);
    w.u64(e.hash);
    return w.out;
}

std::uint64_t entry_checksum(std::string_view meta, std::string_view stored) {
    return checksum(meta) * 31 + checksum(stored);
}

std::uint64_t entry_bytes(const std::string& path, const ParseCache::Entry& e) {
    return 16 + 8 + path.size() + 16 + e.stored.size();
}

// Writes to a file through a buffer of a few MB: the cache is written
// without holding a copy of it.
class Out {
public:
    explicit Out(int fd) : fd_(fd) {}
    void put(std::string_view bytes) {
        if (buf_.size() + bytes.size() > kBuffer) flush();
        if (bytes.size() >= kBuffer)
            ok_ = ok_ && write_all(fd_, bytes);
        else
            buf_ += bytes;
    }
    void entry(const std::string& path, const ParseCache::Entry& e) {
        const std::string meta = entry_meta(path, e);
        Writer w;
        w.u64(meta.size() + e.stored.size());
        w.u64(entry_checksum(meta, e.stored));
        put(w.out);
        put(meta);
        put(e.stored);
    }
    bool flush() {
        ok_ = ok_ && write_all(fd_, buf_);
        buf_.clear();
        return ok_;
    }

private:
    static constexpr std::size_t kBuffer = 4 << 20;
    int fd_;
    std::string buf_;
    bool ok_ = true;
};

// Errors and sources, as an entry stores them.
void write_parse(Writer& w, const std::vector<Source>& sources, const std::vector<Diagnostic>& errors) {
    w.list(errors, [&](const Diagnostic& d) {
        w.place(d.place);
        w.str(d.message);
    });
    w.list(sources, [&](const Source& s) { write_source(w, s); });
}

struct Mapping {
    const char* data = nullptr;
    std::size_t size = 0;
    ~Mapping() {
        if (data) ::munmap(const_cast<char*>(data), size);
    }
};

}  // namespace

std::uint64_t content_hash(std::string_view content) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : content) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

void keep_parse(ParseCache::Entry& e, const std::vector<Source>& sources, const std::vector<Diagnostic>& errors,
                bool objects) {
    e.stored = {};
    e.owned.reset();
    // A source parsed with a study depends on its record, another file.
    if (objects || std::any_of(sources.begin(), sources.end(), [](const Source& s) { return s.study.has_value(); })) {
        e.sources = sources;
        e.errors = errors;
        return;
    }
    Writer w;
    write_parse(w, sources, errors);
    e.owned = std::make_shared<const std::string>(std::move(w.out));
    e.stored = *e.owned;
}

bool cached_parse(const ParseCache::Entry& e, std::vector<Source>& sources, std::vector<Diagnostic>& errors) {
    if (e.stored.empty()) {
        sources.insert(sources.end(), e.sources.begin(), e.sources.end());
        errors.insert(errors.end(), e.errors.begin(), e.errors.end());
        return true;
    }
    std::vector<Diagnostic> errs;
    std::vector<Source> srcs;
    try {
        Reader r(e.stored);
        errs.resize(r.count());
        for (auto& d : errs) {
            d.place = r.place();
            d.message = r.str();
        }
        srcs.resize(r.count());
        for (auto& s : srcs) s = read_source(r);
        if (!r.done()) return false;
    } catch (const Damaged&) {
        return false;
    }
    errors.insert(errors.end(), std::make_move_iterator(errs.begin()), std::make_move_iterator(errs.end()));
    sources.insert(sources.end(), std::make_move_iterator(srcs.begin()), std::make_move_iterator(srcs.end()));
    return true;
}

std::string parse_cache_stamp() {
    // The executable's size, modification time and inode: a rebuild or
    // another version of the program changes them.
    struct stat st {};
    if (::stat("/proc/self/exe", &st) != 0) return "";
    return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
}

std::string read_parse_cache(const fs::path& file, ParseCache& cache) {
    return read_parse_cache(file, cache, parse_cache_stamp());
}

std::string read_parse_cache(const fs::path& file, ParseCache& cache, const std::string& stamp) {
    cache.sources.clear();
    cache.mapping.reset();
    cache.file_bytes = 0;
    cache.appendable = false;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? "none yet" : "ignored: cannot read it (" + std::string(std::strerror(errno)) + ")";
    struct stat st {};
    auto map = std::make_shared<Mapping>();
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            map->data = static_cast<const char*>(p);
            map->size = static_cast<std::size_t>(st.st_size);
        }
    }
    ::close(fd);
    if (!map->data) return "ignored: cannot read it";
    const std::string_view bytes(map->data, map->size);
    const std::string head = header(stamp);
    if (stamp.empty() || bytes.substr(0, head.size()) != head) return "ignored: written by another build of evidence";
    std::size_t at = head.size();
    std::string damage;
    while (at < bytes.size()) {
        if (bytes.size() - at < 16) {
            damage = "it ends inside an entry";
            break;
        }
        std::uint64_t length, sum;
        std::memcpy(&length, bytes.data() + at, 8);
        std::memcpy(&sum, bytes.data() + at + 8, 8);
        if (length > bytes.size() - at - 16) {
            damage = "it ends inside an entry";
            break;
        }
        const std::string_view body = bytes.substr(at + 16, length);
        try {
            Reader r(body);
            std::string path = r.str();
            ParseCache::Entry e;
            e.size = r.u64();
            e.hash = r.u64();
            const std::string_view meta = body.substr(0, r.at());
            e.stored = r.rest();
            // Stored parses are never empty (two counts at least): an empty one would read as objects.
            if (e.stored.size() < 16) throw Damaged("an entry without its parse");
            if (entry_checksum(meta, e.stored) != sum) {
                damage = "an entry's checksum does not hold";
                break;
            }
            // A later entry of the same path is the newer.
            cache.sources.insert_or_assign(std::move(path), std::move(e));
        } catch (const Damaged& d) {
            damage = d.what();
            break;
        }
        at += 16 + length;
    }
    cache.mapping = map;
    cache.file_bytes = at;
    cache.appendable = damage.empty();
    const std::size_t n = cache.sources.size();
    std::string said = std::to_string(n) + (n == 1 ? " file" : " files");
    if (!damage.empty()) said += " (the rest ignored: " + damage + ")";
    return said;
}

void write_parse_cache(const fs::path& file, const ParseCache& cache) {
    write_parse_cache(file, cache, parse_cache_stamp());
}

void write_parse_cache(const fs::path& file, const ParseCache& cache, const std::string& stamp) {
    if (stamp.empty()) return;  // no identity for this executable: a cache could not be trusted
    // Entries already in the file (read from it, unchanged) and new ones;
    // entries with nothing stored are not for the file.
    std::uint64_t live = 0, fresh = 0;
    for (const auto& [path, e] : cache.sources)
        if (!e.stored.empty()) (e.owned ? fresh : live) += entry_bytes(path, e);
    // New entries are appended when the file is whole and at most half of
    // it would then be stale.
    const std::uint64_t stale = cache.file_bytes > live ? cache.file_bytes - live : 0;
    if (cache.appendable && cache.file_bytes > 0 && 2 * stale <= cache.file_bytes + fresh) {
        if (fresh == 0) return;
        const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        struct stat st {};
        // Only to the file that was read, not one another run has written since.
        if (fd >= 0 && ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) == cache.file_bytes) {
            Out out(fd);
            for (const auto& [path, e] : cache.sources)
                if (e.owned) out.entry(path, e);
            const bool ok = out.flush();
            const int err = errno;
            ::close(fd);
            if (ok) return;
            throw std::runtime_error(file.string() + ": cannot add to the parse cache: " + std::strerror(err));
        }
        if (fd >= 0) ::close(fd);
    }
    const fs::path tmp = file.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    if (ok) {
        Out out(fd);
        out.put(header(stamp));
        for (const auto& [path, e] : cache.sources)
            if (!e.stored.empty()) out.entry(path, e);
        ok = out.flush();
    }
    const int err = errno;
    if (fd >= 0) ::close(fd);
    std::error_code ec;
    if (!ok) {
        fs::remove(tmp, ec);
        throw std::runtime_error(file.string() + ": cannot write the parse cache: " + std::strerror(err));
    }
    fs::rename(tmp, file, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw std::runtime_error(file.string() + ": cannot write the parse cache: " + ec.message());
    }
}

}  // namespace evidence::ingest
