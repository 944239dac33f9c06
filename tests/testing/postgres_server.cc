#include "tests/testing/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

namespace cartd::test {
namespace {

namespace fs = std::filesystem;

constexpr char kPackageHint[] =
    "install Debian's postgresql package (scripts/install-deps.sh installs it)";
// How long the server may take to accept connections after it was started (crash recovery after
// an immediate stop included).
constexpr auto kStartTimeout = std::chrono::seconds(60);
// Bumped when the initdb options change, so that an older cached cluster is not used.
constexpr char kTemplateFormat[] = "v1";

// The newest /usr/lib/postgresql/<major>/bin holding initdb and postgres, or the directory
// CARTD_POSTGRES_BINDIR names.
StatusOr<fs::path> FindBinDir() {
  auto usable = [](const fs::path& dir) {
    std::error_code error;
    return fs::is_regular_file(dir / "initdb", error) &&
           fs::is_regular_file(dir / "postgres", error);
  };
  if (const char* configured = std::getenv("CARTD_POSTGRES_BINDIR"); configured != nullptr) {
    if (usable(configured)) return fs::path(configured);
    return Unavailable(std::string("CARTD_POSTGRES_BINDIR=") + configured +
                       " holds no initdb and postgres");
  }
  fs::path best;
  long best_major = -1;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    const long major = std::strtol(name.c_str(), &end, 10);
    if (end == name.c_str() || *end != '\0' || !usable(entry.path() / "bin")) continue;
    if (major > best_major) {
      best_major = major;
      best = entry.path() / "bin";
    }
  }
  if (best.empty()) {
    return Unavailable(std::string("the PostgreSQL server binaries are missing (looked for ") +
                       "/usr/lib/postgresql/<major>/bin/initdb and postgres): " + kPackageHint);
  }
  return best;
}

struct ServerUser {
  uid_t uid;
  gid_t gid;
  bool switch_user;  // true when running as root: the server runs as `postgres`
};

StatusOr<ServerUser> FindServerUser() {
  if (geteuid() != 0) return ServerUser{geteuid(), getegid(), false};
  const passwd* user = getpwnam("postgres");
  if (user == nullptr) {
    return Unavailable(
        "the tests run as root, and PostgreSQL refuses to, but there is no `postgres` user to run "
        "the server as: " +
        std::string(kPackageHint) + "; it creates the user");
  }
  return ServerUser{user->pw_uid, user->pw_gid, true};
}

std::string ReadTail(const fs::path& file, std::size_t max_bytes) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  if (all.size() > max_bytes) all = "..." + all.substr(all.size() - max_bytes);
  return all;
}

Status ChownTree(const fs::path& root, const ServerUser& user) {
  if (!user.switch_user) return Status::Ok();
  if (lchown(root.c_str(), user.uid, user.gid) != 0) {
    return Unavailable("chown " + root.string() + ": " + std::strerror(errno));
  }
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(root, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (lchown(it->path().c_str(), user.uid, user.gid) != 0) {
      return Unavailable("chown " + it->path().string() + ": " + std::strerror(errno));
    }
  }
  if (error) return Unavailable("walk " + root.string() + ": " + error.message());
  return Status::Ok();
}

// Starts `argv` as a child process running as `user`, with `env` as its whole environment and
// stdout and stderr appended to `log`. With `tie_to_parent`, the child gets SIGQUIT (PostgreSQL's
// immediate shutdown) if the thread that started it dies, so that a crashed test leaves no
// server behind.
StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                      const ServerUser& user, const fs::path& log, bool tie_to_parent) {
  // Everything the child needs is prepared before fork(): after it, in a process that may have
  // other threads, the child may only make async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& var : env) envp.push_back(const_cast<char*>(var.c_str()));
  envp.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return Unavailable("open " + log.string() + ": " + std::strerror(errno));
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid == 0) {
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    // The test process's sockets and files must not live on in the server.
    if (close_range(3, ~0U, 0) != 0) {
      for (int fd = 3; fd < 65536; ++fd) close(fd);
    }
    if (user.switch_user) {
      if (setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0) _exit(126);
    }
    // Set after setuid(), which clears it.
    if (tie_to_parent) {
      if (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent) _exit(125);
    }
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  const int fork_errno = errno;
  close(log_fd);
  if (null_fd >= 0) close(null_fd);
  if (pid < 0) return Unavailable(std::string("fork: ") + std::strerror(fork_errno));
  return pid;
}

// Waits for `pid` to exit. Returns its exit code, or 128 + the signal that ended it.
int WaitForExit(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

StatusOr<std::uint16_t> FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Unavailable(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                     getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  const int bind_errno = errno;
  close(fd);
  if (!bound) return Unavailable(std::string("find a free port: ") + std::strerror(bind_errno));
  return ntohs(address.sin_port);
}

// A datagram socket for the server's sd_notify "READY=1", which Debian's postgres (built with
// systemd support) sends once it accepts connections. Closes itself.
class NotifySocket {
 public:
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
  }
  Status Open(const fs::path& path, const ServerUser& user) {
    fs::remove(path);
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (fd_ < 0 || path.string().size() >= sizeof address.sun_path) {
      return Unavailable("cannot make the notification socket " + path.string());
    }
    std::strcpy(address.sun_path, path.c_str());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        (user.switch_user && chown(path.c_str(), user.uid, user.gid) != 0)) {
      return Unavailable("bind " + path.string() + ": " + std::strerror(errno));
    }
    return Status::Ok();
  }
  // Waits up to `timeout` for a message; true when one said READY=1.
  bool WaitForReady(std::chrono::milliseconds timeout) {
    pollfd descriptor{fd_, POLLIN, 0};
    if (poll(&descriptor, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t n = recv(fd_, buffer, sizeof buffer - 1, 0);
    if (n <= 0) return false;
    return std::string_view(buffer, static_cast<std::size_t>(n)).find("READY=1") !=
           std::string_view::npos;
  }

 private:
  int fd_ = -1;
};

// Where initdb's result is kept for later runs of the same test binary: beside it, in the build
// tree. Empty when the binary's location is unknown.
fs::path TemplateCluster(const fs::path& bin_dir) {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error || executable.empty()) return {};
  return executable.parent_path() / "postgres-template" /
         (bin_dir.parent_path().filename().string() + "-" + kTemplateFormat) / "data";
}

// Copies `cluster` into the cache, atomically: concurrent test processes may race to do it.
void CacheCluster(const fs::path& cluster, const fs::path& cache) {
  std::error_code error;
  const fs::path staging =
      cache.parent_path().parent_path() / ("staging-" + std::to_string(getpid()));
  fs::remove_all(staging, error);
  fs::create_directories(staging, error);
  fs::copy(cluster, staging / "data", fs::copy_options::recursive, error);
  if (!error) {
    fs::rename(staging, cache.parent_path(), error);  // fails if another process was first
  }
  fs::remove_all(staging, error);
}

}  // namespace

StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Launch() {
  CARTD_ASSIGN_OR_RETURN(fs::path bin_dir, FindBinDir());
  CARTD_ASSIGN_OR_RETURN(ServerUser user, FindServerUser());
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  server->bin_dir_ = bin_dir;
  server->uid_ = user.uid;
  server->gid_ = user.gid;
  server->dir_ = std::make_unique<TempDir>();
  server->data_dir_ = server->dir_->path() / "data";
  CARTD_RETURN_IF_ERROR(ChownTree(server->dir_->path(), user));

  const fs::path cache = TemplateCluster(bin_dir);
  std::error_code error;
  if (!cache.empty() && fs::is_regular_file(cache / "PG_VERSION", error)) {
    fs::copy(cache, server->data_dir_, fs::copy_options::recursive, error);
    if (error) return Unavailable("copy " + cache.string() + ": " + error.message());
    fs::permissions(server->data_dir_, fs::perms::owner_all, error);
    CARTD_RETURN_IF_ERROR(ChownTree(server->data_dir_, user));
  } else {
    const fs::path log = server->dir_->path() / "initdb.log";
    CARTD_ASSIGN_OR_RETURN(
        pid_t pid, Spawn({(bin_dir / "initdb").string(), "--pgdata=" + server->data_dir_.string(),
                          std::string("--username=") + kUser, "--auth=trust", "--encoding=UTF8",
                          "--no-locale", "--no-sync", "--no-instructions"},
                         {"LC_ALL=C", "PATH=/usr/bin:/bin"}, user, log, false));
    const int exit_code = WaitForExit(pid);
    if (exit_code != 0) {
      return Unavailable("initdb failed (exit " + std::to_string(exit_code) +
                         "): " + ReadTail(log, 2000));
    }
    if (!cache.empty()) CacheCluster(server->data_dir_, cache);
  }

  CARTD_ASSIGN_OR_RETURN(server->port_, FreePort());
  CARTD_RETURN_IF_ERROR(server->Start());
  return server;
}

PostgresServer* PostgresServer::Shared() {
  static std::unique_ptr<PostgresServer> shared;
  static Status failure;
  static bool launched = false;
  if (!launched) {
    launched = true;
    StatusOr<std::unique_ptr<PostgresServer>> server = Launch();
    if (server.ok()) {
      shared = std::move(server).value();
    } else {
      failure = server.status();
    }
  }
  if (shared == nullptr) {
    ADD_FAILURE() << "cannot run a PostgreSQL server for this test: " << failure.message();
  }
  return shared.get();
}

PostgresServer::~PostgresServer() {
  if (running()) (void)Stop();
}

Status PostgresServer::Stop() {
  if (!running()) return Status::Ok();
  // SIGQUIT: immediate shutdown. The postmaster ends its children and waits for them, so when it
  // has exited every connection is closed.
  kill(pid_, SIGQUIT);
  const int exit_code = WaitForExit(pid_);
  pid_ = -1;
  if (exit_code < 0) return Unavailable("waiting for the server to stop failed");
  return Status::Ok();
}

Status PostgresServer::Start() {
  if (running()) return Status::Ok();
  const ServerUser user{uid_, gid_, geteuid() == 0};
  const fs::path notify_path = dir_->path() / "notify";
  NotifySocket notify;
  CARTD_RETURN_IF_ERROR(notify.Open(notify_path, user));
  const fs::path log = dir_->path() / "server.log";
  CARTD_ASSIGN_OR_RETURN(
      pid_, Spawn({(bin_dir_ / "postgres").string(), "-D", data_dir_.string(), "-p",
                   std::to_string(port_), "-h", "127.0.0.1", "-k", "", "-c", "fsync=on", "-c",
                   "synchronous_commit=on", "-c", "shared_buffers=16MB", "-c",
                   "max_connections=150", "-c", "logging_collector=off"},
                  {"LC_ALL=C", "PATH=/usr/bin:/bin", "NOTIFY_SOCKET=" + notify_path.string()}, user,
                  log, true));

  // Ready when the server says so; connection attempts cover a build without systemd support.
  const std::string ping = "host=127.0.0.1 port=" + std::to_string(port_) +
                           " dbname=postgres connect_timeout=5 user=" + kUser;
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (true) {
    if (notify.WaitForReady(std::chrono::milliseconds(100))) return Status::Ok();
    if (PQping(ping.c_str()) == PQPING_OK) return Status::Ok();
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Unavailable("the PostgreSQL server exited while starting: " + LogTail());
    }
    if (std::chrono::steady_clock::now() > deadline) {
      (void)Stop();
      return Unavailable("the PostgreSQL server did not accept connections within 60 s: " +
                         LogTail());
    }
  }
}

std::string PostgresServer::Uri(const std::string& database) const {
  return std::string("postgresql://") + kUser + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

StatusOr<std::string> PostgresServer::CreateDatabase() {
  const std::string name = "cartd_test_" + std::to_string(++next_database_);
  CARTD_RETURN_IF_ERROR(
      Query("postgres", "CREATE DATABASE " + name + " TEMPLATE template0").status());
  return name;
}

StatusOr<std::vector<std::vector<std::string>>> PostgresServer::Query(const std::string& database,
                                                                      const std::string& sql) {
  const std::string conninfo = "host=127.0.0.1 port=" + std::to_string(port_) +
                               " connect_timeout=10 user=" + kUser + " dbname=" + database;
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Unavailable("connect to " + database + ": " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = PQresultErrorMessage(result);
    PQclear(result);
    PQfinish(conn);
    return Internal(sql + ": " + message);
  }
  std::vector<std::vector<std::string>> rows;
  for (int row = 0; row < PQntuples(result); ++row) {
    std::vector<std::string>& values = rows.emplace_back();
    for (int column = 0; column < PQnfields(result); ++column) {
      values.emplace_back(
          PQgetisnull(result, row, column) != 0
              ? "NULL"
              : std::string(PQgetvalue(result, row, column),
                            static_cast<std::size_t>(PQgetlength(result, row, column))));
    }
  }
  PQclear(result);
  PQfinish(conn);
  return rows;
}

std::string PostgresServer::LogTail() const { return ReadTail(dir_->path() / "server.log", 2000); }

}  // namespace cartd::test
