// The exit codes of `evidence` (README: 0 ok, 1 invalid input, 2 usage,
// 3 failure) and the one place where a search-side error becomes a message
// on standard error and one of them.
#pragma once

#include <iostream>
#include <string>
#include <utility>

#include "search/errors.hpp"

namespace evidence::cli {

enum ExitCode : int {
    kOk = 0,       // done
    kInvalid = 1,  // invalid input: the corpus or a PubMed file
    kUsage = 2,    // a bad option or query
    kFailed = 3,   // no index, cannot bind, cannot write
};

// Runs `step` (returning an ExitCode); a bad parameter is reported as its
// option (`--level: ...`, the query as `--query`) with kUsage, a missing or
// unreadable index with kFailed.
template <class Step>
int guarded(Step&& step) {
    try {
        return std::forward<Step>(step)();
    } catch (const search::BadRequest& e) {
        std::cerr << "error: ";
        if (!e.parameter.empty())
            std::cerr << "--" << (e.parameter == "q" ? std::string("query") : e.parameter) << ": ";
        std::cerr << e.what() << '\n';
        return kUsage;
    } catch (const search::Unavailable& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
}

}  // namespace evidence::cli
