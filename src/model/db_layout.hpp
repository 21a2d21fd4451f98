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

// An index split into shards (`evidence index --shards N`): db/shard-0 …
// db/shard-(N-1), each a folder of its own with builds and a stub.
std::filesystem::path shard_path(const std::filesystem::path& db, unsigned k);
// How many shard folders `db` holds (shard-0, shard-1, … up to the first
// missing one); 0 for an index in one database.
unsigned shard_count(const std::filesystem::path& db);

// Points the stub at `build` atomically: writes db/current.tmp, fsyncs it and
// renames it over the stub. Throws std::runtime_error naming the file.
void swap_in(const std::filesystem::path& db, const std::string& build);

}  // namespace evidence::db_layout
