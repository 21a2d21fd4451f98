// The JSON API. Each handler is thin: check the parameters, call the
// library, render. The library's expected failures map to statuses here.
#include "server/routes.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "render/atom.hpp"
#include "render/export.hpp"
#include "render/json.hpp"
#include "render/openapi.hpp"
#include "search/compare.hpp"
#include "search/match.hpp"
#include "search/pages.hpp"
#include "search/request.hpp"
#include "server/hardening.hpp"
#include "server/http.hpp"
#include "server/params.hpp"

namespace evidence::server {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

namespace {

using Handler = std::function<void(search::Searcher&, const Request&, Response&)>;

// The time the server worked on a request, from the parameters to the body
// (without the HTTP exchange), as a Server-Timing header: for clients, and
// for the access log, which `make bench-load` reads to set the HTTP overhead
// against the work of the same requests.
class Timing {
public:
    explicit Timing(Response& res) : res_(res), start_(std::chrono::steady_clock::now()) {}
    ~Timing() {
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
        char value[48];
        std::snprintf(value, sizeof value, "app;dur=%.3f", ms);
        try {
            res_.set_header("Server-Timing", value);
        } catch (...) {  // also runs while an exception unwinds
        }
    }
    Timing(const Timing&) = delete;
    Timing& operator=(const Timing&) = delete;

private:
    Response& res_;
    std::chrono::steady_clock::time_point start_;
};

// One GET route: parameters checked, then the handler, with every expected
// failure turned into its JSON error. Anything else reaches the exception
// handler (a 500 that names nothing).
void route(httplib::Server& http, Context& ctx, const std::string& pattern, Accepts accepts, Handler h,
           bool post = false) {
    auto handler = [&ctx, accepts = std::move(accepts), h = std::move(h)](const Request& req, Response& res) {
        const Timing timing(res);
        try {
            check_params(req.params, accepts);
            ctx.with_searcher([&](search::Searcher& s) { h(s, req, res); });
        } catch (const HttpError& e) {
            send_error(res, e.status, e.code, e.what(), e.parameter);
        } catch (const search::BadRequest& e) {
            send_error(res, 400, "bad_parameter", e.what(), e.parameter);
        } catch (const search::NotFound& e) {
            send_error(res, 404, "not_found", e.what());
        } catch (const search::Unavailable& e) {
            // The detail names folders of the machine: for the log only.
            std::cerr << "unavailable: " << req.path << ": " << e.what() << '\n';
            send_error(res, 503, "index_unavailable", "the index is not available; try again shortly");
            res.set_header("Retry-After", "5");
        }
    };
    if (post)
        http.Post(pattern, std::move(handler));
    else
        http.Get(pattern, std::move(handler));
}

// With `serve --watch`, also the corpus as last read: its errors with
// file:line while the last good index keeps serving.
void health(search::Searcher& s, const Request&, Response& res, const std::function<json()>& corpus) {
    json body = {{"status", "ok"}, {"index", s.stats()}};
    if (corpus) body["corpus"] = corpus();
    send_json(res, 200, body);
}

void search_route(search::Searcher& s, const Request& req, Response& res) {
    const search::SearchRequest sr = search::search_request(req.params);
    const search::Answered a = search::ask(s, sr);
    const search::SearchResponse& r = a.response;
    if (sr.page > 1 && r.hits.empty()) {
        const std::size_t last = std::max<std::size_t>(1, (r.total + sr.size - 1) / sr.size);
        throw HttpError(400, "bad_parameter",
                        "page " + std::to_string(sr.page) + " is past the last page (" + std::to_string(last) + ")",
                        "page");
    }
    send_body(res, 200, render::answered_json_text(a), kJsonType);
}

// POST /api/match: the body's headers were checked before it was read
// (hardening.cpp); its text is checked here.
void match(search::Searcher& s, const Request& req, Response& res) {
    if (req.body.empty()) throw HttpError(400, "bad_request", "the body is empty: POST the text to match", "body");
    send_json(res, 200, render::match_json(search::match_text(s, req.body)));
}

void claims(search::Searcher& s, const Request& req, Response& res) {
    search::Filters filters;
    for (const char* name : {"topic", "claim_type"})
        if (auto values = list_param(req.params, name); !values.empty()) filters[name] = std::move(values);
    const std::string with = param(req.params, "with");
    if (!with.empty() && with != "evidence")
        throw HttpError(400, "bad_parameter", "with takes only 'evidence', not '" + with.substr(0, 40) + "'", "with");
    send_json(res, 200, render::claim_list_json(search::claim_list(s, filters, !with.empty())));
}

void claim(search::Searcher& s, const Request& req, Response& res) {
    send_json(res, 200, render::claim_page_json(search::claim_page(s, path_id(req, "claim"))));
}

void topics(search::Searcher& s, const Request&, Response& res) {
    send_json(res, 200, render::topics_json(search::topic_list(s)));
}

void topic(search::Searcher& s, const Request& req, Response& res) {
    send_json(res, 200, render::topic_page_json(search::topic_page(s, path_id(req, "topic"))));
}

void compare(search::Searcher& s, const Request& req, Response& res) {
    send_json(res, 200, render::compare_json(search::compare(s, search::compare_request(req.params))));
}

void source(search::Searcher& s, const Request& req, Response& res) {
    send_json(res, 200, render::source_page_json(search::source_page(s, path_id(req, "source"))));
}

void study(search::Searcher& s, const Request& req, Response& res) {
    send_json(res, 200, render::study_page_json(search::study_page(s, path_id(req, "study"))));
}

void export_route(search::Searcher& s, const Request& req, Response& res, const render::ExportContext& ectx) {
    const std::string name = param(req.params, "format");
    if (name.empty())
        throw HttpError(400, "bad_parameter", std::string("format is required: one of ") + render::kExportFormats,
                        "format");
    const auto format = render::parse_export_format(name);
    if (!format)
        throw HttpError(400, "bad_parameter",
                        "unknown format '" + name.substr(0, 40) + "' (expected one of " + render::kExportFormats + ")",
                        "format");
    Params rest = req.params;
    rest.erase("format");
    const render::ExportFile file =
        render::render_export(*format, render::gather_export(s, search::search_request(rest), *format), ectx);
    // An empty file would look like a download that worked: say why instead.
    if (!file.nothing.empty()) throw HttpError(404, "nothing_to_export", file.nothing);
    res.set_header("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
    send_body(res, 200, file.body, file.content_type.c_str());
}

// The Atom feed of changes to the evidence, of every topic or of one.
void changes_route(search::Searcher& s, const Request& req, Response& res, const std::string& public_url) {
    const search::ChangesFeed feed = search::changes_feed(s, param(req.params, "topic"));
    send_body(res, 200, render::changes_atom(feed, public_url), render::kAtomType);
}

}  // namespace

void install_routes(httplib::Server& http, Context& ctx) {
    const Accepts none{};
    const Accepts search_params{{"q", "sort", "page", "size"}, {}, true};
    // The hot path first: routes are tried in order.
    route(http, ctx, "/api/search", search_params, search_route);
    route(http, ctx, "/api/health", none,
          [&ctx](search::Searcher& s, const Request& req, Response& res) { health(s, req, res, ctx.corpus_status); });
    route(http, ctx, "/api/claims", {{"with"}, {"topic", "claim_type"}}, claims);
    route(http, ctx, R"(/api/claims/([^/]+))", none, claim);
    route(http, ctx, "/api/topics", none, topics);
    route(http, ctx, R"(/api/topics/([^/]+))", none, topic);
    route(http, ctx, "/api/compare", {{"q", "topics", "claims"}, {}, false}, compare);
    route(http, ctx, R"(/api/sources/([^/]+))", none, source);
    route(http, ctx, R"(/api/studies/([^/]+))", none, study);
    route(http, ctx, kBodyPath, none, match, true);
    route(http, ctx, "/api/export", {{"format", "q", "sort"}, {}, true},
          [&ctx](search::Searcher& s, const Request& req, Response& res) {
              export_route(s, req, res, ctx.export_context);
          });
    route(http, ctx, "/api/changes.atom", {{"topic"}, {}, false},
          [&ctx](search::Searcher& s, const Request& req, Response& res) {
              changes_route(s, req, res, ctx.export_context.public_url);
          });
    http.Get("/api/openapi.json", [](const Request& req, Response& res) {
        try {
            check_params(req.params, {});
        } catch (const HttpError& e) {
            send_error(res, e.status, e.code, e.what(), e.parameter);
            return;
        }
        static const std::string doc = render::dump(render::openapi_json(), 2);
        send_body(res, 200, doc, kJsonType);
    });
}

}  // namespace evidence::server
