// The `evidence` command: parses arguments, builds options, calls the
// library. Exit codes: cli/exit.hpp.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "model/model.hpp"
#include "model/schema.hpp"

namespace {

// --FACET VALUE, repeatable; ids and closed sets may also be listed "a,b",
// a site's name is one value (it may hold a comma).
void add_filter(CLI::App* sub, const evidence::schema::Field& f, std::vector<std::string>& values) {
    std::string help = "Filter by " + evidence::lower_ascii(f.label);
    if (const std::string accepted = evidence::schema::accepted_values(f); !accepted.empty())
        help += " (" + accepted + ")";
    auto* opt = sub->add_option("--" + std::string(f.name), values, help);
    if (evidence::schema::comma_list(f)) opt->delimiter(',');
}

// One option per filter row of the facet table (schema::kFields).
void add_filters(CLI::App* sub, std::map<std::string, std::vector<std::string>>& filters) {
    for (const auto& f : evidence::schema::fields())
        if (f.kind == evidence::schema::FieldKind::Filter) add_filter(sub, f, filters[std::string(f.name)]);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace evidence::cli;
    CLI::App app{"Evidence: what the evidence says about competing health claims"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");

    CommonOptions common;
    auto add_corpus = [&](CLI::App* sub) {
        sub->add_option("--corpus", common.corpus, "Corpus folder")->capture_default_str();
    };
    auto add_db = [&](CLI::App* sub) { sub->add_option("--db", common.db, "Index folder")->capture_default_str(); };

    auto* check = app.add_subcommand("check", "Validate the corpus; list every error as file:line: message");
    add_corpus(check);

    IndexCommandOptions index_opts;
    auto* index = app.add_subcommand(
        "index", "Validate and index the corpus, rewriting only what changed; the previous index stays on any error");
    add_corpus(index);
    add_db(index);
    index->add_flag("--full", index_opts.full, "Rebuild the whole index instead of updating the live one");
    index
        ->add_option("--shards", index_opts.shards,
                     "Split the index into N databases, --db/shard-0 … shard-(N-1), one per xapian-tcpsrv (README)")
        ->check(CLI::Range(1, 16));
    bool no_history = false;
    index->add_flag("--no-history", no_history,
                    "Do not read the claim history from the corpus's git history (claim pages then say so)");

    SearchOptions search;
    auto* s = app.add_subcommand("search", "Search claims, assertions and sources");
    add_db(s);
    s->add_option("query", search.query, "Query (empty: everything)");
    add_filters(s, search.filters);
    s->add_option("--sort", search.sort,
                  "relevance | strength | date (default: relevance; strength when QUERY is empty)");
    s->add_option("--page", search.page, "Page number, from 1");
    s->add_option("--size", search.size, "Results a page, 1 to 100");
    s->add_flag("--json", search.json, "Print exactly the JSON of /api/search");
    s->add_option("--shard", search.shards,
                  "Search these databases as one instead of --db (a path or tcp://host:port)");

    CompareOptions compare;
    auto* cmp = app.add_subcommand("compare", "Compare competing claims side by side: \"A vs B\"");
    add_db(cmp);
    cmp->add_option("query", compare.query, "Two sides: topics, claims or words, as \"A vs B\"")->required();
    cmp->add_flag("--json", compare.json, "Print exactly the JSON of /api/compare");
    cmp->add_option("--shard", compare.shards,
                    "Search these databases as one instead of --db (a path or tcp://host:port)");

    MatchOptions match;
    auto* mt = app.add_subcommand("match", "Match each sentence of a text to the claims it asserts, with its stance");
    add_db(mt);
    mt->add_option("file", match.file, "Text file; - or nothing: standard input (at most 64 KiB)");
    mt->add_flag("--json", match.json, "Print exactly the JSON of POST /api/match");

    std::string suggest_file;
    auto* sg = app.add_subcommand("suggest", "Print YAML assertion drafts for a source file, for a person to review");
    add_db(sg);
    sg->add_option("source", suggest_file, "Source file (front matter + Markdown)")->required();

    ExportOptions exp;
    auto* ex =
        app.add_subcommand("export", "Export a search: csv (assertions), ris, bibtex, csl-json (studies), claimreview");
    add_db(ex);
    ex->add_option("--format", exp.format, "csv | ris | bibtex | csl-json | claimreview")->required();
    ex->add_option("query", exp.query, "Query (empty: everything)");
    add_filters(ex, exp.filters);
    ex->add_option("--sort", exp.sort, "relevance | strength | date");
    ex->add_option("--out", exp.out, "File to write; standard output when absent");
    ex->add_option("--shard", exp.shards,
                   "Export from these databases as one instead of --db (a path or tcp://host:port)");
    ex->add_option("--public-url", exp.public_url,
                   "The web UI's public address (https://host[/path]): ClaimReview's url is the claim page under it");

    ServeOptions serve;
    auto* sv = app.add_subcommand("serve", "Serve the web UI and the JSON API");
    add_db(sv);
    sv->add_option("--port", serve.port, "Port")->capture_default_str();
    sv->add_option("--host", serve.host, "Address to bind; keep 127.0.0.1 behind a reverse proxy")
        ->capture_default_str();
    sv->add_option("--web", serve.web, "Folder of the web UI")->capture_default_str();
    sv->add_option("--threads", serve.threads,
                   "Worker threads, 8 or more (requests answered at once; open connections hold none)")
        ->capture_default_str()
        ->check(CLI::Range(8, 1024));
    sv->add_option("--shard", serve.shards, "Serve these databases as one instead of --db (a path or tcp://host:port)");
    sv->add_flag("--watch", serve.watch,
                 "Watch --corpus and update the index when a file changes; errors show in /api/health and the UI");
    add_corpus(sv);
    sv->add_option("--public-url", serve.public_url,
                   "The web UI's public address (https://host[/path]) behind a proxy: ClaimReview exports link the "
                   "claim pages under it (without it they carry no url)");

    std::string report_out;
    auto* report = app.add_subcommand("report", "Write the coverage report (claims x sources) as Markdown");
    add_corpus(report);
    report->add_option("--out", report_out, "File to write; standard output when absent");

    ImportOptions import;
    auto* imp = app.add_subcommand("import", "Import bibliographic records");
    auto* pubmed = imp->add_subcommand("pubmed", "Turn a PubMed XML export into study records for the corpus");
    imp->require_subcommand(1);
    pubmed->add_option("file", import.file, "PubMed XML (PubmedArticleSet)")->required();
    pubmed->add_flag("--json", import.json, "Print the records as a JSON array");
    pubmed->add_option("--out", import.out, "Folder to write <id>.xml and <id>.yaml into")->capture_default_str();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kUsage;
    }
    // What the commands do not turn into a message of their own (a disk
    // full, memory exhausted) still ends in one line and exit code 3, never
    // in std::terminate.
    try {
        if (*check) return run_check(common);
        if (*index) {
            index_opts.history = !no_history;
            return run_index(common, index_opts);
        }
        if (*s) return run_search(common, search);
        if (*cmp) return run_compare(common, compare);
        if (*mt) return run_match(common, match);
        if (*sg) return run_suggest(common, suggest_file);
        if (*sv) return run_serve(common, serve);
        if (*ex) return run_export(common, exp);
        if (*pubmed) return run_import_pubmed(import);
        if (*report) return run_report(common, report_out);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
    return kUsage;
}
