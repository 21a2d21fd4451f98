// `evidence serve` and nginx as child processes on free loopback ports, for
// the hostile-client tests (tests/unit/test_server_hostile.cpp).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "hostile_clients.hpp"
#include "test_util.hpp"

namespace hostile {

// A child process, its standard output and error in `log`; stopped with
// SIGTERM (then SIGKILL) when it goes out of scope.
class Child {
public:
    Child(const std::vector<std::string>& argv, const std::filesystem::path& log) : log_(log) {
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
    }
    ~Child() { stop(); }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }
    std::string log() const { return read_text(log_); }
    bool alive() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 100 && ::waitpid(pid_, nullptr, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (::waitpid(pid_, nullptr, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

private:
    pid_t pid_ = -1;
    std::filesystem::path log_;
};

// `evidence serve --port 0` on an index of the fixture corpus; its port read
// from the line it prints.
struct ServeProcess {
    TempDir tmp;
    std::unique_ptr<Child> child;
    int port = 0;

    ServeProcess() {
        build_index_of(kFixtureCorpus, tmp.path / "db");
        const char* bin = std::getenv("EVIDENCE_SERVE_BINARY");  // another build, to compare
        child = std::make_unique<Child>(
            std::vector<std::string>{bin ? bin : EVIDENCE_BINARY, "serve", "--db", (tmp.path / "db").string(), "--port",
                                     "0", "--web", EVIDENCE_SOURCE_DIR "/web"},
            tmp.path / "serve.log");
        const std::regex serving(R"(on http://127\.0\.0\.1:(\d+)/)");
        for (int i = 0; i < 400 && port == 0 && child->alive(); ++i) {
            std::smatch m;
            const std::string log = child->log();
            if (std::regex_search(log, m, serving))
                port = std::stoi(m[1]);
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (port == 0) throw std::runtime_error("evidence serve did not start: " + child->log());
    }
    Target target() const {
        const pid_t pid = child->pid();
        return {port, false, [pid] { return rss_kb_of(pid); }};
    }
};

inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto at = s.find(from);
    if (at == std::string::npos) throw std::runtime_error("deploy/nginx/evidence.conf has no '" + from + "'");
    return s.replace(at, from.size(), to);
}

// nginx with the project's configuration (deploy/nginx/evidence.conf), its
// upstream and listen address set to loopback ports, in the foreground with
// its own prefix, pid file, logs and temporary folders.
struct NginxProcess {
    TempDir tmp;
    std::unique_ptr<Child> child;
    int port = 0;

    explicit NginxProcess(int upstream) {
        const std::string site = read_text(EVIDENCE_SOURCE_DIR "/deploy/nginx/evidence.conf");
        for (int attempt = 0; attempt < 3 && port == 0; ++attempt) {
            const int p = free_port();
            std::string conf =
                replace_once(site, "server 127.0.0.1:8080", "server 127.0.0.1:" + std::to_string(upstream));
            conf = replace_once(conf, "listen 80;", "listen 127.0.0.1:" + std::to_string(p) + ";");
            std::ofstream(tmp.path / "evidence.conf") << conf;
            const std::string dir = tmp.path.string();
            std::ofstream(tmp.path / "nginx.conf")
                << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << dir << "/nginx.pid;\n"
                << "error_log " << dir << "/error.log warn;\nevents { worker_connections 1024; }\nhttp {\n"
                << "  access_log off;\n  client_body_temp_path " << dir << "/body;\n  proxy_temp_path " << dir
                << "/proxy;\n  fastcgi_temp_path " << dir << "/fastcgi;\n  uwsgi_temp_path " << dir
                << "/uwsgi;\n  scgi_temp_path " << dir << "/scgi;\n  include " << dir << "/evidence.conf;\n}\n";
            child = std::make_unique<Child>(std::vector<std::string>{"/usr/sbin/nginx", "-p", dir, "-e",
                                                                     dir + "/error.log", "-c", dir + "/nginx.conf"},
                                            tmp.path / "nginx.out");
            for (int i = 0; i < 200 && child->alive(); ++i) {
                const int fd = connect_to(p);
                if (fd >= 0) {
                    ::close(fd);
                    port = p;
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        if (port == 0)
            throw std::runtime_error("nginx did not start: " + child->log() + read_text(tmp.path / "error.log"));
    }
};

}  // namespace hostile
