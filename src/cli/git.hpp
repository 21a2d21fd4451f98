// Runs a program (git, tar) without a shell and captures its standard output.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidence::cli {

struct RunResult {
    int status = -1;  // exit status; 127: the program could not be started
    std::string out;  // standard output
    std::string err;  // standard error (its first 4 KiB)
};

RunResult run_program(const std::vector<std::string>& argv);

}  // namespace evidence::cli
