// One xapian-tcpsrv (Debian's xapian-tools) on 127.0.0.1 serving one
// database, for the tests of remote shards.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

namespace search_test {

namespace fs = std::filesystem;

inline unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline std::string find_tcpsrv() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
        const fs::path p = fs::path(dir) / "xapian-tcpsrv";
        if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
    return "";
}

// One xapian-tcpsrv on 127.0.0.1 serving one shard; stopped on destruction.
class TcpServer {
public:
    TcpServer(const std::string& binary, const fs::path& db) : port_(free_port()) {
        const std::string port = std::to_string(port_);
        std::fflush(nullptr);  // or the child would write our buffered output again
        pid_ = ::fork();
        if (pid_ == 0) {
            // Its own process group: on SIGTERM xapian-tcpsrv signals its
            // whole group, which would otherwise be this test.
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execl(binary.c_str(), binary.c_str(), "--interface", "127.0.0.1", "--port", port.c_str(), db.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Ready when it answers.
        for (int i = 0; i < 100; ++i) {
            try {
                Xapian::Remote::open("127.0.0.1", port_, 1000, 1000).get_doccount();
                return;
            } catch (const Xapian::Error&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    ~TcpServer() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
        }
    }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    unsigned port_;
    pid_t pid_ = -1;
};

}  // namespace search_test
