#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "tests/testing/test_certificate.h"

namespace cartd::http {
namespace {

using namespace std::chrono_literals;

// Bounds every blocking socket call in these tests, so that a server that hangs fails the test
// instead of stalling it.
constexpr auto kSocketTimeout = 10s;

// ---------------------------------------------------------------------------------------------
// The application side: echoes what it received; "/block" waits until released; paths under
// "/prompt" are answered on the I/O thread (AnswersPromptly).

class TestHandler final : public Handler {
 public:
  Response Handle(Request& request) override {
    {
      std::lock_guard lock(mu_);
      handled_paths_.push_back(request.path);
    }
    if (request.path == "/block") {
      std::unique_lock lock(mu_);
      ++blocked_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return released_; });
      Response response;
      response.body = "released";
      return response;
    }
    Response response;
    response.headers.Add("X-Method", request.method);
    response.headers.Add("X-Path", request.path);
    response.headers.Add("X-Query", request.query);
    response.headers.Add("X-Remote", request.remote_address);
    if (request.headers.Has("X-Test")) {
      response.headers.Add("X-Test", std::string(request.headers.Get("X-Test")));
    }
    if (request.path == "/close") response.close_connection = true;
    if (request.path == "/framing") {
      // The transport owns these; a handler's attempt to set them must not reach the wire.
      response.headers.Add("Content-Length", "999");
      response.headers.Add("Connection", "keep-alive");
      response.headers.Add("Bad Name", "x");
      response.headers.Add("X-Split", "a\r\nInjected: yes");
    }
    response.body = request.body;
    return response;
  }

  bool AnswersPromptly(const Request& request) const override {
    return request.path.starts_with("/prompt");
  }

  Response Reject(RejectReason why, std::string_view reason) override {
    const int status = why == RejectReason::kBodyTooLarge     ? 413
                       : why == RejectReason::kHeaderTooLarge ? 431
                                                              : 400;
    {
      std::lock_guard lock(mu_);
      rejected_.push_back(status);
    }
    Response response;
    response.status = status;
    response.headers.Add("Content-Type", "text/plain");
    response.body = "rejected: " + std::string(reason);
    return response;
  }

  void WaitUntilBlocked(int count) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return blocked_ >= count; });
  }

  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

  std::vector<std::string> handled_paths() {
    std::lock_guard lock(mu_);
    return handled_paths_;
  }

  std::vector<int> rejected() {
    std::lock_guard lock(mu_);
    return rejected_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int blocked_ = 0;
  bool released_ = false;
  std::vector<std::string> handled_paths_;
  std::vector<int> rejected_;
};

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over a plain POSIX socket, so that the tests control every byte.

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string raw;  // the response exactly as received

  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (EqualsIgnoreCase(n, name)) return v;
    }
    return std::nullopt;
  }
};

// How a read that expects the connection to end turned out.
enum class Ending { kEof, kReset, kTimeout, kData };

const char* ToString(Ending ending) {
  switch (ending) {
    case Ending::kEof:
      return "EOF";
    case Ending::kReset:
      return "reset";
    case Ending::kTimeout:
      return "timeout";
    case Ending::kData:
      return "unexpected data";
  }
  return "?";
}

void SetSocketTimeouts(int fd, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Connects to 127.0.0.1:port; returns the socket, or -1 with errno set.
int ConnectTo(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  SetSocketTimeouts(fd, kSocketTimeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

class Client {
 public:
  explicit Client(std::uint16_t port) : fd_(ConnectTo(port)) {}
  Client(Client&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), buffer_(std::move(other.buffer_)) {}
  Client& operator=(Client&&) = delete;
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }

  bool connected() const { return fd_ >= 0; }

  void Close() {
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  }
  int fd() const { return fd_; }

  // "127.0.0.1:<port>" as the server sees this client.
  std::string LocalAddress() const {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads exactly `n` bytes; nullopt when the connection ends first.
  std::optional<std::string> ReadExactly(std::size_t n) {
    while (buffer_.size() < n) {
      if (!Fill()) return std::nullopt;
    }
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return out;
  }

  // Reads one response framed by Content-Length (absent: no body). `head`: a HEAD answer, whose
  // Content-Length describes a body that is not sent.
  std::optional<HttpResponse> ReadResponse(bool head = false) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    HttpResponse response;
    const std::string header = buffer_.substr(0, end + 2);
    std::size_t line_end = header.find("\r\n");
    const std::string status_line = header.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    std::size_t pos = line_end + 2;
    while (pos < header.size()) {
      line_end = header.find("\r\n", pos);
      const std::string line = header.substr(pos, line_end - pos);
      const auto colon = line.find(':');
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers.emplace_back(line.substr(0, colon), value);
      pos = line_end + 2;
    }
    std::size_t body_length = 0;
    if (auto length = response.Header("Content-Length"); length && !head) {
      body_length = std::stoul(*length);
    }
    const std::size_t total = end + 4 + body_length;
    while (buffer_.size() < total) {
      if (!Fill()) return std::nullopt;
    }
    response.raw = buffer_.substr(0, total);
    response.body = buffer_.substr(end + 4, body_length);
    buffer_.erase(0, total);
    return response;
  }

  // Reads until the connection ends; with unread response bytes still buffered: kData.
  Ending ReadEnding() {
    if (!buffer_.empty()) return Ending::kData;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n == 0) return Ending::kEof;
    if (n > 0) return Ending::kData;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Ending::kTimeout;
    return Ending::kReset;
  }

  // True when the peer has closed (or reset) the connection; does not wait.
  bool PeerClosedNow() {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, MSG_DONTWAIT);
    if (n > 0) buffer_.push_back(c);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  bool Fill() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string Post(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         std::string(body);
}

// ---------------------------------------------------------------------------------------------

class ServerTest : public ::testing::Test {
 protected:
  static ServerOptions TestOptions() {
    ServerOptions options;
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 4;
    return options;
  }

  void StartServer(const ServerOptions& options) {
    auto server = Server::Start(options, handler_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    handler_.Release();
    server_.reset();
  }

  std::uint16_t port() const { return server_->port(); }

  TestHandler handler_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());

  ASSERT_TRUE(client.Send(Get("/echo?x=1&y=2", "X-Test: hello\r\n")));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->raw,
            "HTTP/1.1 200 OK\r\n"
            "X-Method: GET\r\n"
            "X-Path: /echo\r\n"
            "X-Query: x=1&y=2\r\n"
            "X-Remote: " +
                client.LocalAddress() +
                "\r\n"
                "X-Test: hello\r\n"
                "Content-Length: 0\r\n"
                "\r\n");

  ASSERT_TRUE(client.Send(Post("/carts", "{\"a\":1}")));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->Header("X-Method"), "POST");
  EXPECT_EQ(second->Header("X-Path"), "/carts");
  EXPECT_EQ(second->Header("X-Query"), "");
  EXPECT_EQ(second->Header("Content-Length"), "7");
  EXPECT_EQ(second->Header("Connection"), std::nullopt);
  EXPECT_EQ(second->body, "{\"a\":1}");
  EXPECT_EQ(handler_.handled_paths(), (std::vector<std::string>{"/echo", "/carts"}));
}

TEST_F(ServerTest, PipelinedRequestsAreAllAnsweredInOrder) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/one") + Post("/two", "body of two") + Get("/three?q=3")));

  auto one = client.ReadResponse();
  auto two = client.ReadResponse();
  auto three = client.ReadResponse();
  ASSERT_TRUE(one && two && three);
  EXPECT_EQ(one->Header("X-Path"), "/one");
  EXPECT_EQ(one->body, "");
  EXPECT_EQ(two->Header("X-Path"), "/two");
  EXPECT_EQ(two->body, "body of two");
  EXPECT_EQ(three->Header("X-Path"), "/three");
  EXPECT_EQ(three->Header("X-Query"), "q=3");
}

TEST_F(ServerTest, Http10ClosesAfterTheAnswer) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->raw.substr(0, 17), "HTTP/1.0 200 OK\r\n");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(response->Header("X-Path"), "/old");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
}

TEST_F(ServerTest, Http10KeepAliveOnRequestStaysOpen) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->Header("Connection"), "keep-alive");
  ASSERT_TRUE(client.Send("GET /b HTTP/1.0\r\n\r\n"));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->Header("X-Path"), "/b");
  EXPECT_EQ(second->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
}

TEST_F(ServerTest, HandlerAskingToCloseGetsConnectionClose) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/close")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
}

TEST_F(ServerTest, TransportOwnsFramingHeaders) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Post("/framing", "abc")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->Header("Content-Length"), "3");
  EXPECT_EQ(response->Header("Connection"), std::nullopt);
  EXPECT_EQ(response->Header("Bad Name"), std::nullopt);
  EXPECT_EQ(response->Header("X-Split"), std::nullopt);
  EXPECT_EQ(response->Header("Injected"), std::nullopt);
  EXPECT_EQ(response->body, "abc");
  // The connection is still usable: the framing was not disturbed.
  ASSERT_TRUE(client.Send(Get("/after")));
  auto after = client.ReadResponse();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->Header("X-Path"), "/after");
}

TEST_F(ServerTest, HeadAnswerCarriesContentLengthWithoutBody) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("HEAD /h HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nabcd"));
  auto head = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->Header("Content-Length"), "4");
  EXPECT_EQ(head->body, "");
  ASSERT_TRUE(client.Send(Get("/next")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->Header("X-Path"), "/next");
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  const std::string body(64, 'b');
  ASSERT_TRUE(client.Send(Post("/limit", body)));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, body);
}

TEST_F(ServerTest, BodyOneByteOverTheLimitGets413AndClose) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Post("/limit", std::string(65, 'b'))));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(response->Header("Content-Type"), "text/plain");
  EXPECT_EQ(response->body, "rejected: the request body exceeds 64 bytes");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_TRUE(handler_.handled_paths().empty());
  EXPECT_EQ(handler_.rejected(), std::vector<int>{413});
}

TEST_F(ServerTest, BodyOverTheLimitLeftUnreadStillGetsItsAnswer) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  // Far more than the server reads before refusing: the 413 must reach a client that is still
  // sending, followed by a clean end of stream.
  const std::string request = "POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n" +
                              std::string(1'000'000, 'x');
  std::thread sender([&] { client.Send(request); });
  auto response = client.ReadResponse();
  sender.join();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_TRUE(handler_.handled_paths().empty());
}

TEST_F(ServerTest, DeclaredHugeBodyIsRefusedWithoutBeingSent) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("PUT /big HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
}

TEST_F(ServerTest, ChunkedBodyWithinTheLimitIsReassembled) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(
      client.Send("POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello world");
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitGets413AndClose) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  // Two chunks of 40 bytes: each fits, together they do not.
  const std::string chunk(40, 'c');
  ASSERT_TRUE(
      client.Send("POST /chunked HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "28\r\n" +
                  chunk + "\r\n28\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_TRUE(handler_.handled_paths().empty());
}

TEST_F(ServerTest, HeaderBlockOverTheLimitGets431AndClose) {
  ServerOptions options = TestOptions();
  options.max_header_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/big-header", "X-Big: " + std::string(2000, 'h') + "\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(response->body, "rejected: the request header block exceeds 1024 bytes");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_EQ(handler_.rejected(), std::vector<int>{431});
}

TEST_F(ServerTest, HeaderBlockJustUnderTheLimitIsAccepted) {
  ServerOptions options = TestOptions();
  options.max_header_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/h", "X-Big: " + std::string(900, 'h') + "\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
}

TEST_F(ServerTest, GarbageGets400AndClose) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(std::string("\x01\x02 this is not http\r\n\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(response->body.rfind("rejected: malformed HTTP request: ", 0), 0u) << response->body;
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_EQ(handler_.rejected(), std::vector<int>{400});
}

TEST_F(ServerTest, ExpectContinueGets100ThenTheAnswer) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(
      "PUT /carts/1 HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  EXPECT_EQ(client.ReadExactly(25), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Send("hello"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("X-Method"), "PUT");
  EXPECT_EQ(response->body, "hello");
}

TEST_F(ServerTest, ExpectContinueOverTheLimitGets413Instead) {
  ServerOptions options = TestOptions();
  options.max_body_bytes = 64;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(
      "PUT /carts/1 HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 65\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->raw.rfind("HTTP/1.1 413 ", 0), 0u);
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
}

TEST_F(ServerTest, SlowLorisIsDisconnectedWhileOthersAreServed) {
  ServerOptions options = TestOptions();
  options.read_timeout = 300ms;
  StartServer(options);
  Client slow(port());
  ASSERT_TRUE(slow.connected());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.Send("GET /slow HTTP/1.1\r\nX-Pad: "));

  bool closed = false;
  bool others_served = false;
  // One byte per 50 ms; 200 bytes would take 10 s, far past the 300 ms allowed.
  for (int i = 0; i < 200 && !closed; ++i) {
    std::this_thread::sleep_for(50ms);
    if (slow.PeerClosedNow() || !slow.Send("a")) {
      closed = true;
      break;
    }
    if (i == 0) {
      Client other(port());
      ASSERT_TRUE(other.connected());
      ASSERT_TRUE(other.Send(Get("/other")));
      auto response = other.ReadResponse();
      ASSERT_TRUE(response.has_value());
      EXPECT_EQ(response->status, 200);
      others_served = !slow.PeerClosedNow();
    }
  }
  if (!closed) closed = slow.ReadEnding() != Ending::kTimeout;
  EXPECT_TRUE(closed);
  EXPECT_TRUE(others_served);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_EQ(handler_.handled_paths(), std::vector<std::string>{"/other"});
  EXPECT_TRUE(handler_.rejected().empty());
}

TEST_F(ServerTest, BodyArrivingTooSlowlyIsCutAtTheReadTimeout) {
  ServerOptions options = TestOptions();
  options.read_timeout = 300ms;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.connected());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.Send("PUT /slow-body HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nab"));
  // No answer: the connection is closed once the request's time is up.
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
  EXPECT_TRUE(handler_.handled_paths().empty());
  EXPECT_TRUE(handler_.rejected().empty());
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options = TestOptions();
  options.idle_timeout = 300ms;
  StartServer(options);

  // The server starts each idle period after these instants, so none can end sooner after them.
  const auto silent_since = std::chrono::steady_clock::now();
  Client silent(port());
  ASSERT_TRUE(silent.connected());
  Client after_request(port());
  ASSERT_TRUE(after_request.connected());
  const auto request_since = std::chrono::steady_clock::now();
  ASSERT_TRUE(after_request.Send(Get("/once")));
  ASSERT_TRUE(after_request.ReadResponse().has_value());

  EXPECT_EQ(silent.ReadEnding(), Ending::kEof);
  EXPECT_GE(std::chrono::steady_clock::now() - silent_since, 300ms);
  EXPECT_EQ(after_request.ReadEnding(), Ending::kEof);
  EXPECT_GE(std::chrono::steady_clock::now() - request_since, 300ms);
}

TEST_F(ServerTest, ThousandIdleConnectionsDoNotStopService) {
  constexpr int kIdle = 1000;
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  // Two descriptors per connection in this process (client and server side), plus slack.
  const rlim_t needed = 2 * kIdle + 200;
  if (limit.rlim_cur < needed) {
    if (limit.rlim_max < needed) GTEST_SKIP() << "RLIMIT_NOFILE hard limit too low";
    limit.rlim_cur = needed;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  StartServer(TestOptions());

  std::vector<Client> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    idle.emplace_back(port());
    ASSERT_TRUE(idle.back().connected()) << "connection " << i << ": " << std::strerror(errno);
  }
  // Accepted in order: once this one is answered, all the idle ones are open on the server too.
  Client active(port());
  ASSERT_TRUE(active.connected());
  ASSERT_TRUE(active.Send(Get("/active")));
  auto response = active.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("X-Path"), "/active");

  for (Client* client : {&idle.front(), &idle.back()}) {
    ASSERT_TRUE(client->Send(Get("/was-idle")));
    auto answer = client->ReadResponse();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->Header("X-Path"), "/was-idle");
  }
}

TEST_F(ServerTest, BlockedHandlersDoNotStopOtherRequests) {
  ServerOptions options = TestOptions();
  options.worker_threads = 4;
  StartServer(options);
  constexpr int kBlocked = 3;
  std::vector<Client> blocked;
  for (int i = 0; i < kBlocked; ++i) {
    blocked.emplace_back(port());
    ASSERT_TRUE(blocked.back().connected());
    ASSERT_TRUE(blocked.back().Send(Get("/block")));
  }
  handler_.WaitUntilBlocked(kBlocked);

  Client other(port());
  ASSERT_TRUE(other.connected());
  ASSERT_TRUE(other.Send(Get("/free")));
  auto response = other.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("X-Path"), "/free");

  handler_.Release();
  for (Client& client : blocked) {
    auto answer = client.ReadResponse();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
    EXPECT_EQ(answer->body, "released");
  }
}

TEST_F(ServerTest, PromptRequestsDoNotWaitForAWorker) {
  ServerOptions options = TestOptions();
  options.worker_threads = 1;
  StartServer(options);
  Client blocked(port());
  ASSERT_TRUE(blocked.connected());
  ASSERT_TRUE(blocked.Send(Get("/block")));
  handler_.WaitUntilBlocked(1);

  // The only worker is busy: a prompt request is answered on the I/O thread all the same.
  Client prompt(port());
  ASSERT_TRUE(prompt.connected());
  ASSERT_TRUE(prompt.Send(Get("/prompt/read")));
  auto answer = prompt.ReadResponse();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->Header("X-Path"), "/prompt/read");

  // Another request waits for the worker, and is answered once it is free.
  Client queued(port());
  ASSERT_TRUE(queued.connected());
  ASSERT_TRUE(queued.Send(Get("/queued")));
  handler_.Release();
  auto queued_answer = queued.ReadResponse();
  ASSERT_TRUE(queued_answer.has_value());
  EXPECT_EQ(queued_answer->Header("X-Path"), "/queued");
  auto blocked_answer = blocked.ReadResponse();
  ASSERT_TRUE(blocked_answer.has_value());
  EXPECT_EQ(blocked_answer->body, "released");
}

TEST_F(ServerTest, StopAnswersTheRequestInFlightAndRefusesNewConnections) {
  StartServer(TestOptions());
  std::thread waiter([&] { server_->Wait(); });

  Client idle(port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.Send(Get("/before")));
  ASSERT_TRUE(idle.ReadResponse().has_value());

  Client in_flight(port());
  ASSERT_TRUE(in_flight.connected());
  ASSERT_TRUE(in_flight.Send(Get("/block")));
  handler_.WaitUntilBlocked(1);

  std::thread stopper([&] { server_->Stop(30s); });

  // Stop closes the listening socket first; wait (bounded) until connecting is refused.
  bool refused = false;
  const std::uint16_t listen_port = port();
  for (int attempt = 0; attempt < 1000 && !refused; ++attempt) {
    const int fd = ConnectTo(listen_port);
    if (fd < 0) {
      refused = errno == ECONNREFUSED;
    } else {
      ::close(fd);
      std::this_thread::sleep_for(10ms);
    }
  }
  EXPECT_TRUE(refused);
  // The idle keep-alive connection is closed without waiting for the grace period.
  EXPECT_EQ(idle.ReadEnding(), Ending::kEof);

  handler_.Release();
  auto response = in_flight.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "released");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(in_flight.ReadEnding(), Ending::kEof);
  // Closing our end lets the server finish its clean close at once.
  in_flight.Close();

  stopper.join();
  waiter.join();
  server_->Stop(0ms);  // a second Stop is a no-op
  server_->Wait();
}

TEST_F(ServerTest, StopAnswersPipelinedRequestsThatHaveArrived) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/block")));
  handler_.WaitUntilBlocked(1);
  // Sent while the first is being handled: it waits in the socket when the stop begins.
  ASSERT_TRUE(client.Send(Get("/pipelined")));
  std::this_thread::sleep_for(50ms);

  std::thread stopper([&] { server_->Stop(30s); });
  // Once connecting is refused, the stop has reached the connections.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int fd = ConnectTo(port());
    if (fd < 0) break;
    ::close(fd);
    std::this_thread::sleep_for(10ms);
  }
  handler_.Release();
  auto first = client.ReadResponse();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->body, "released");
  EXPECT_EQ(first->Header("Connection"), std::nullopt);
  auto second = client.ReadResponse();
  ASSERT_TRUE(second.has_value()) << "a pipelined request that had arrived was not answered";
  EXPECT_EQ(second->Header("X-Path"), "/pipelined");
  EXPECT_EQ(second->Header("Connection"), "close");
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  client.Close();
  stopper.join();
}

TEST_F(ServerTest, AmbiguousFramingIsRefusedAndNothingAfterItIsRead) {
  StartServer(TestOptions());
  for (const std::string framing :
       {"Transfer-Encoding: gzip\r\n", "Transfer-Encoding: chunked, identity\r\n",
        "Content-Length: 0\r\nContent-Length: 0\r\n", "Host: again\r\n",
        "Authorization: a\r\nAuthorization: b\r\n"}) {
    SCOPED_TRACE(framing);
    Client client(port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send(Get("/first", framing) + Get("/smuggled")));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 400);
    EXPECT_EQ(response->Header("Connection"), "close");
    EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  }
  Client client(port());
  ASSERT_TRUE(client.Send("GET /no-host HTTP/1.1\r\n\r\n" + Get("/smuggled")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(client.ReadEnding(), Ending::kEof);
  EXPECT_TRUE(handler_.handled_paths().empty());
}

TEST_F(ServerTest, AbsoluteFormTargetsAreServedAsOriginForm) {
  StartServer(TestOptions());
  Client client(port());
  ASSERT_TRUE(client.Send(Get("http://test:8080/abs/path?x=1")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("X-Path"), "/abs/path");
  EXPECT_EQ(response->Header("X-Query"), "x=1");
  ASSERT_TRUE(client.Send(Get("HTTPS://test?q")));
  response = client.ReadResponse();
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->Header("X-Path"), "/");
  EXPECT_EQ(response->Header("X-Query"), "q");
}

TEST_F(ServerTest, StopAfterGraceClosesWhatIsLeft) {
  StartServer(TestOptions());
  Client in_flight(port());
  ASSERT_TRUE(in_flight.connected());
  ASSERT_TRUE(in_flight.Send(Get("/block")));
  handler_.WaitUntilBlocked(1);

  std::thread stopper([&] { server_->Stop(0ms); });
  // The connection is closed while the handler is still blocked: no answer.
  EXPECT_EQ(in_flight.ReadEnding(), Ending::kEof);
  handler_.Release();
  stopper.join();
  server_->Wait();
}

TEST_F(ServerTest, StartReportsAnAddressInUse) {
  StartServer(TestOptions());
  ServerOptions options = TestOptions();
  options.port = port();
  auto second = Server::Start(options, handler_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(second.status().message().find("127.0.0.1:" + std::to_string(port())),
            std::string::npos)
      << second.status().message();
}

TEST_F(ServerTest, StartRejectsABadHost) {
  ServerOptions options = TestOptions();
  options.host = "no such host.invalid";
  auto server = Server::Start(options, handler_);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("no such host.invalid"), std::string::npos);
}

TEST_F(ServerTest, StartRejectsMissingTlsFiles) {
  ServerOptions options = TestOptions();
  options.tls_certificate_file = "/nonexistent/cert.pem";
  options.tls_private_key_file = "/nonexistent/key.pem";
  auto server = Server::Start(options, handler_);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("/nonexistent/cert.pem"), std::string::npos);

  options.tls_private_key_file.clear();
  auto half = Server::Start(options, handler_);
  ASSERT_FALSE(half.ok());
  EXPECT_EQ(half.status().code(), ErrorCode::kInvalidInput);
}

// ---------------------------------------------------------------------------------------------
// HTTPS

struct SslCtxDeleter {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslDeleter {
  void operator()(SSL* p) const { SSL_free(p); }
};

// Sends `request` over TLS (verifying the server as "localhost" against `ca_file`) and returns
// everything received until the server closes; nullopt when the handshake fails.
std::optional<std::string> HttpsExchange(std::uint16_t port, const std::string& ca_file,
                                         std::string_view request) {
  std::unique_ptr<SSL_CTX, SslCtxDeleter> context(SSL_CTX_new(TLS_client_method()));
  if (!context || SSL_CTX_load_verify_locations(context.get(), ca_file.c_str(), nullptr) != 1) {
    return std::nullopt;
  }
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  Client tcp(port);
  if (!tcp.connected()) return std::nullopt;
  std::unique_ptr<SSL, SslDeleter> ssl(SSL_new(context.get()));
  SSL_set_fd(ssl.get(), tcp.fd());
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  SSL_set1_host(ssl.get(), "localhost");
  if (SSL_connect(ssl.get()) != 1) return std::nullopt;
  if (SSL_version(ssl.get()) < TLS1_2_VERSION) return std::nullopt;
  std::size_t written = 0;
  if (SSL_write_ex(ssl.get(), request.data(), request.size(), &written) != 1) return std::nullopt;
  std::string received;
  char chunk[4096];
  std::size_t n = 0;
  while (SSL_read_ex(ssl.get(), chunk, sizeof chunk, &n) == 1) received.append(chunk, n);
  return received;
}

TEST_F(ServerTest, HttpsRoundTripWithSelfSignedCertificate) {
  test::SelfSignedCertificate certificate;
  ASSERT_TRUE(certificate.ok());
  ServerOptions options = TestOptions();
  options.tls_certificate_file = certificate.cert_file();
  options.tls_private_key_file = certificate.key_file();
  StartServer(options);

  auto received = HttpsExchange(port(), certificate.cert_file(),
                                "POST /secure?s=1 HTTP/1.1\r\nHost: localhost\r\n"
                                "Connection: close\r\nContent-Length: 6\r\n\r\nsecret");
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(received->rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << *received;
  EXPECT_NE(received->find("X-Path: /secure\r\n"), std::string::npos);
  EXPECT_NE(received->find("X-Query: s=1\r\n"), std::string::npos);
  EXPECT_NE(received->find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(received->substr(received->size() - 10), "\r\n\r\nsecret");
}

TEST_F(ServerTest, PlainHttpToTheTlsPortOnlyClosesThatConnection) {
  test::SelfSignedCertificate certificate;
  ASSERT_TRUE(certificate.ok());
  ServerOptions options = TestOptions();
  options.tls_certificate_file = certificate.cert_file();
  options.tls_private_key_file = certificate.key_file();
  StartServer(options);

  Client plain(port());
  ASSERT_TRUE(plain.connected());
  ASSERT_TRUE(plain.Send(Get("/plain")));
  // The handshake fails; the server may send a TLS alert before closing, never an HTTP answer.
  Ending ending = plain.ReadEnding();
  for (int bytes = 0; ending == Ending::kData && bytes < 100'000; ++bytes) {
    ending = plain.ReadEnding();
  }
  EXPECT_NE(ending, Ending::kTimeout) << ToString(ending);
  EXPECT_TRUE(handler_.handled_paths().empty());

  auto received =
      HttpsExchange(port(), certificate.cert_file(), Get("/after", "Connection: close\r\n"));
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(received->rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << *received;
  EXPECT_EQ(handler_.handled_paths(), std::vector<std::string>{"/after"});
}

}  // namespace
}  // namespace cartd::http
