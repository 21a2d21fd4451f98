#include "search/synonym_table.hpp"

#include <stdlib.h>
#include <xapian.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace evidence::search {

namespace fs = std::filesystem;

SynonymTable::~SynonymTable() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::shared_ptr<const SynonymTable> synonym_table(const std::string& list_json) {
    const auto list = nlohmann::json::parse(list_json, nullptr, false);
    if (!list.is_array() || list.empty()) return nullptr;
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<const SynonymTable>> tables;
    std::lock_guard lock(mutex);
    if (auto t = tables[list_json].lock()) return t;

    std::error_code ec;
    std::string dir = (fs::temp_directory_path(ec) / "evidence-synonyms-XXXXXX").string();
    if (ec || !::mkdtemp(dir.data()))
        throw std::runtime_error("cannot create a temporary folder for the synonym table");
    auto table = std::make_shared<const SynonymTable>(fs::path(dir));
    Xapian::WritableDatabase w(table->path().string(),
                               Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
    for (const auto& entry : list)
        if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string())
            w.add_synonym(entry[0].get<std::string>(), entry[1].get<std::string>());
    w.commit();
    w.close();
    // Forget tables no Searcher holds any more.
    for (auto it = tables.begin(); it != tables.end();) it = it->second.expired() ? tables.erase(it) : std::next(it);
    tables[list_json] = table;
    return table;
}

}  // namespace evidence::search
