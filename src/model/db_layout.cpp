#include "model/db_layout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace evidence::db_layout {

namespace fs = std::filesystem;

fs::path stub_path(const fs::path& db) { return db / "current"; }

std::string live_build(const fs::path& db) {
    std::ifstream in(stub_path(db));
    std::string kind, name;
    in >> kind >> name;
    return name;
}

bool is_db_folder(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::exists(stub_path(path), ec);
}

fs::path shard_path(const fs::path& db, unsigned k) { return db / ("shard-" + std::to_string(k)); }

unsigned shard_count(const fs::path& db) {
    std::error_code ec;
    unsigned n = 0;
    while (fs::is_directory(shard_path(db, n), ec)) ++n;
    return n;
}

void swap_in(const fs::path& db, const std::string& build) {
    const fs::path tmp = db / "current.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "glass " << build << "\n";
        out.flush();
        if (!out) throw std::runtime_error(tmp.string() + ": cannot write");
    }
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    fs::rename(tmp, stub_path(db), ec);
    if (ec) throw std::runtime_error(stub_path(db).string() + ": cannot swap in the new index: " + ec.message());
}

}  // namespace evidence::db_layout
