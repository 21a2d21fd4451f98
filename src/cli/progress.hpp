// A progress line drawn only on a terminal; silent in pipes, logs and CI.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace evidence::cli {

class ProgressLine {
public:
    ProgressLine() : tty_(::isatty(STDERR_FILENO) == 1) {}
    ~ProgressLine() { clear(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void update(std::string_view what, std::size_t done, std::size_t total) {
        if (!tty_ || total == 0) return;
        const int pct = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
        std::fprintf(stderr, "\r\033[K%.*s %zu/%zu (%d%%)", static_cast<int>(what.size()), what.data(), done, total,
                     pct);
        std::fflush(stderr);
        drawn_ = true;
    }
    void clear() {
        if (!drawn_) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    bool tty_;
    bool drawn_ = false;
};

}  // namespace evidence::cli
