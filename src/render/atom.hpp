// The Atom feed of changes to the evidence (RFC 4287): GET /api/changes.atom
// and its per-topic form. Ids are name-based UUIDs (RFC 9562, version 5)
// derived from what the entry is about, so an entry keeps its id across
// index runs and servers. Links are relative references (the server does not
// know the host it is reached by); a feed reader resolves them against the
// feed's own address (RFC 4287 section 2, RFC 3986 section 5.1.3). With a
// public address configured (`serve --public-url`), links are absolute
// under it.
#pragma once

#include <string>
#include <string_view>

#include "search/history.hpp"

namespace evidence::render {

constexpr const char* kAtomType = "application/atom+xml";

// `public_url`: "https://evidence.example.org" (render::public_base_url), or "".
std::string changes_atom(const search::ChangesFeed& feed, const std::string& public_url = "");

// "urn:uuid:..." of version 5 for `name` in the URL namespace.
std::string uuid5_urn(std::string_view name);
// One change in words: "Certainty moved from low (for) to moderate (for).
// 2 statements added: …", as the feed's entries say it.
std::string change_words(const nlohmann::json& change);

}  // namespace evidence::render
