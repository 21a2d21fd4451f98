// The folder an index lives in (`--db`): builds side by side, and a stub file
// `current` that names the live one ("glass BUILD", the format of Xapian's
// stub databases, so Xapian can open the folder's stub as a database too).
// The indexer swaps the stub atomically; the searcher reads it to open and to
// notice a new build. Both go through here.
#pragma once

#include <filesystem>
#include <string>

namespace evidence::db_layout {

// db/current
std::filesystem::path stub_path(const std::filesystem::path& db);

// The build the stub names, or "" when there is no stub (or it names nothing).
std::string live_build(const std::filesystem::path& db);

// A folder with a stub: an index folder. Anything else given as --db is
// opened as a database of its own (a build, a shard).
bool is_db_folder(const std::filesystem::path& path);

// Points the stub at `build` atomically: writes db/current.tmp, fsyncs it and
// renames it over the stub. Throws std::runtime_error naming the file.
void swap_in(const std::filesystem::path& db, const std::string& build);

}  // namespace evidence::db_layout
