// /api/openapi.json against the real server: every documented path answers
// 200 with a documented content type, every JSON response holds the
// properties its schema requires (recursively), and every endpoint of the
// server is documented.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "test_server_live.hpp"

using nlohmann::json;

namespace {

// The subset of JSON Schema the document uses: $ref, allOf, oneOf, type,
// enum, required, properties, items, additionalProperties.
class Validator {
public:
    explicit Validator(const json& doc) : doc_(doc) {}
    std::vector<std::string> errors;

    void check(const json& schema, const json& v, const std::string& where) {
        if (schema.contains("$ref")) {
            const std::string ref = schema["$ref"];
            const std::string prefix = "#/components/schemas/";
            REQUIRE(ref.rfind(prefix, 0) == 0);
            const auto& schemas = doc_["components"]["schemas"];
            const std::string name = ref.substr(prefix.size());
            if (!schemas.contains(name)) return fail(where, "unresolved " + ref);
            return check(schemas[name], v, where);
        }
        if (schema.contains("allOf"))
            for (const auto& s : schema["allOf"]) check(s, v, where);
        if (schema.contains("oneOf")) {
            int matches = 0;
            for (const auto& s : schema["oneOf"]) {
                Validator sub(doc_);
                sub.check(s, v, where);
                matches += sub.errors.empty();
            }
            if (matches != 1) fail(where, "matches " + std::to_string(matches) + " of oneOf");
        }
        if (schema.contains("type") && !type_ok(schema["type"], v))
            return fail(where, "is " + std::string(v.type_name()) + ", documented " + schema["type"].dump());
        if (schema.contains("enum")) {
            bool found = false;
            for (const auto& e : schema["enum"]) found = found || e == v;
            if (!found) fail(where, v.dump() + " is not in " + schema["enum"].dump());
        }
        if (v.is_object()) {
            for (const auto& r : schema.value("required", json::array()))
                if (!v.contains(r.get<std::string>())) fail(where, "lacks required '" + r.get<std::string>() + "'");
            const json props = schema.value("properties", json::object());
            for (const auto& [k, sub] : props.items())
                if (v.contains(k)) check(sub, v[k], where + "." + k);
            if (schema.contains("additionalProperties") && schema["additionalProperties"].is_object())
                for (const auto& [k, sub] : v.items())
                    if (!props.contains(k)) check(schema["additionalProperties"], sub, where + "." + k);
        }
        if (v.is_array() && schema.contains("items"))
            for (std::size_t i = 0; i < v.size(); ++i)
                check(schema["items"], v[i], where + "[" + std::to_string(i) + "]");
    }

private:
    const json& doc_;
    void fail(const std::string& where, const std::string& what) { errors.push_back(where + ": " + what); }
    static bool one_type_ok(const std::string& t, const json& v) {
        if (t == "object") return v.is_object();
        if (t == "array") return v.is_array();
        if (t == "string") return v.is_string();
        if (t == "integer") return v.is_number_integer();
        if (t == "number") return v.is_number();
        if (t == "boolean") return v.is_boolean();
        if (t == "null") return v.is_null();
        return false;
    }
    static bool type_ok(const json& t, const json& v) {
        if (t.is_string()) return one_type_ok(t, v);
        for (const auto& one : t)
            if (one_type_ok(one, v)) return true;
        return false;
    }
};

std::string media_type(const std::string& content_type) { return content_type.substr(0, content_type.find(';')); }

}  // namespace

TEST_CASE("openapi: every documented path answers as documented", "[server][openapi]") {
    LiveServer live(kBundledCorpus);
    auto cli = live.client();
    auto res = cli.Get("/api/openapi.json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json doc = json::parse(res->body);
    CHECK(doc["openapi"] == "3.1.0");

    // Every endpoint of PRODUCT.md is documented, and nothing else.
    std::set<std::string> documented;
    for (const auto& [path, item] : doc["paths"].items()) documented.insert(path);
    const std::set<std::string> expected = {
        "/api/search",       "/api/claims",       "/api/claims/{id}",  "/api/topics", "/api/topics/{id}",
        "/api/compare",      "/api/sources/{id}", "/api/studies/{id}", "/api/export", "/api/health",
        "/api/openapi.json", "/api/match",        "/api/changes.atom"};
    CHECK(documented == expected);

    Validator v(doc);
    int calls = 0;
    for (const auto& [path, item] : doc["paths"].items()) {
        if (!item.contains("get")) {
            // POST /api/match: its example text answers as documented.
            REQUIRE(item.contains("post"));
            auto r = cli.Post(path.c_str(), "Foam rolling does nothing to lengthen the IT band.", "text/plain");
            REQUIRE(r);
            CHECK(r->status == 200);
            v.errors.clear();
            v.check(item["post"]["responses"]["200"]["content"]["application/json"]["schema"], json::parse(r->body),
                    path);
            for (const auto& e : v.errors) UNSCOPED_INFO(e);
            CHECK(v.errors.empty());
            continue;
        }
        const json& op = item["get"];
        std::string target = path;
        for (const auto& p : op["parameters"]) {
            if (p["in"] == "path") {
                REQUIRE(p.contains("example"));
                target.replace(target.find("{" + p["name"].get<std::string>() + "}"),
                               p["name"].get<std::string>().size() + 2, p["example"].get<std::string>());
            }
        }
        std::vector<std::string> targets = {
            target + (op.contains("x-example-query") ? "?" + op["x-example-query"].get<std::string>() : "")};
        // Each export format, from the format parameter's enum.
        for (const auto& p : op["parameters"])
            if (p["name"] == "format")
                for (const auto& f : p["schema"]["enum"]) targets.push_back(target + "?format=" + f.get<std::string>());
        for (const auto& t : targets) {
            INFO(t);
            auto r = cli.Get(t.c_str());
            REQUIRE(r);
            ++calls;
            CHECK(r->status == 200);
            const json& content = op["responses"]["200"]["content"];
            const std::string type = media_type(r->get_header_value("Content-Type"));
            REQUIRE(content.contains(type));
            // Errors are documented on every path.
            for (const char* status : {"400", "405", "503"}) CHECK(op["responses"].contains(status));
            const bool is_json = type == "application/json" || type.find("+json") != std::string::npos;
            if (!is_json || !content[type].contains("schema")) continue;
            v.errors.clear();
            v.check(content[type]["schema"], json::parse(r->body), t);
            for (const auto& e : v.errors) UNSCOPED_INFO(e);
            CHECK(v.errors.empty());
        }
        // The error shape, as documented, on a bad parameter.
        auto bad = cli.Get((target + "?no_such_parameter=1").c_str());
        REQUIRE(bad);
        CHECK(bad->status == 400);
        v.errors.clear();
        v.check(op["responses"]["400"]["content"]["application/json"]["schema"], json::parse(bad->body), path);
        CHECK(v.errors.empty());
    }
    CHECK(calls >= 15);
}
