// Hostile input against a full cartd node over real sockets (SPEC §7): every limit is enforced
// with the answer the SPEC names, abusive connections are cut without stopping service, and
// after each test the node still answers and the demo's seed cart is exactly as it was (same
// body, same ETag).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

using namespace std::chrono_literals;

constexpr char kLine[] =
    R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,"billingCycle":"monthly"})";

std::string CartWithLines(int count) {
  std::string body = R"({"lineItems":[)";
  for (int i = 0; i < count; ++i) {
    if (i > 0) body += ",";
    body += kLine;
  }
  return body + "]}";
}

// A line with `friendly_name` spliced in as raw bytes between the quotes.
std::string CartNamed(std::string_view friendly_name) {
  return R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
         R"("billingCycle":"monthly","friendlyName":")" +
         std::string(friendly_name) + R"("}]})";
}

// A line whose quantity is the raw JSON text `number`.
std::string CartWithQuantity(std::string_view number) {
  return R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":)" +
         std::string(number) + R"(,"billingCycle":"monthly"}]})";
}

// A raw connection that sends exactly the given bytes and reads answers one at a time, so that
// tests can pipeline, stall, and see whether the server closed the connection.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(RawConnection&& other) noexcept
      : fd_(other.fd_), buffer_(std::move(other.buffer_)) {
    other.fd_ = -1;
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection& operator=(RawConnection&&) = delete;

  bool connected() const { return fd_ >= 0; }

  // False when the server has closed (or reset) the connection.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // The next answer, or nullopt when the connection ends (or nothing comes for 30 s) first.
  std::optional<HttpResult> ReadResponse() {
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (Fill(30'000) <= 0) return std::nullopt;
    }
    HttpResult result;
    const std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    result.status = std::atoi(head.c_str() + head.find(' ') + 1);
    std::size_t content_length = 0;
    for (std::size_t start = head.find("\r\n"); start != std::string::npos;) {
      start += 2;
      const std::size_t end = head.find("\r\n", start);
      const std::string line = head.substr(start, end - start);
      start = end;
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      std::string value = line.substr(line.find_first_not_of(' ', colon + 1));
      if (http::EqualsIgnoreCase(name, "Content-Length")) content_length = std::stoul(value);
      result.headers.Add(std::move(name), std::move(value));
    }
    while (buffer_.size() < content_length) {
      if (Fill(30'000) <= 0) return std::nullopt;
    }
    result.body = buffer_.substr(0, content_length);
    buffer_.erase(0, content_length);
    return result;
  }

  // Waits up to `timeout` for the server to end the connection. True when it did (EOF or
  // reset) without sending anything more; false on a timeout or on unexpected bytes.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const int n = Fill(static_cast<int>(timeout.count()));
    return n == 0 && buffer_.empty();
  }

 private:
  // >0: bytes read; 0: the peer closed or reset; -1: nothing within `timeout_ms`.
  int Fill(int timeout_ms) {
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, timeout_ms) <= 0) return -1;
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return static_cast<int>(n);
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string RawRequest(const std::string& method, const std::string& target,
                       const std::string& token, const std::string& body,
                       const std::string& extra_headers = "") {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  request += extra_headers;
  if (!body.empty() || method == "PUT" || method == "POST") {
    request +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return request + "\r\n" + body;
}

class HostileInputTest : public CartdTest {
 protected:
  void SetUp() override {
    CartdTest::SetUp();
    if (HasFatalFailure()) return;
    const HttpResult seed = Call("GET", CartPath(demo::kSeedCart), "", Token());
    ASSERT_EQ(seed.status, 200) << seed.body;
    seed_body_ = seed.body;
    seed_etag_ = std::string(seed.headers.Get("ETag"));
    ASSERT_FALSE(seed_etag_.empty());
  }

  // Whatever a test sent, the node still answers on a new connection and the seed cart is
  // unchanged.
  void TearDown() override {
    if (node_) {
      HttpClient fresh(node_->port());
      const HttpResult seed = fresh.Send("GET", CartPath(demo::kSeedCart), "",
                                         {{"Authorization", "Bearer " + Token()}});
      EXPECT_EQ(seed.status, 200) << "the node no longer answers after this test";
      EXPECT_EQ(seed.body, seed_body_) << "the seed cart changed";
      EXPECT_EQ(seed.headers.Get("ETag"), seed_etag_) << "the seed cart changed";
    }
    CartdTest::TearDown();
  }

  // PUTs `body` to the seed cart and expects 400 with code 800002; returns the description.
  std::string ExpectInvalidInput(const std::string& body) {
    const HttpResult r = Call("PUT", CartPath(demo::kSeedCart), body, Token());
    EXPECT_EQ(r.status, 400) << r.body;
    const Fault fault = ReadFault(r);
    EXPECT_EQ(fault.code, 800002) << fault.description;
    return fault.description;
  }

  std::string seed_body_;
  std::string seed_etag_;
};

TEST_F(HostileInputTest, BodyOverTheLimitGets413AndTheConnectionIsClosed) {
  RawConnection connection(node_->port());
  ASSERT_TRUE(connection.connected());
  const std::string head =
      "PUT " + CartPath(demo::kSeedCart) +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Token() +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string((1 << 20) + 1) +
      "\r\n\r\n";
  // Only the start of the body: the answer must not wait for the rest.
  ASSERT_TRUE(connection.Send(head + R"({"lineItems":[)"));
  const std::optional<HttpResult> r = connection.ReadResponse();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->headers.Get("Connection"), "close");
  EXPECT_EQ(ReadFault(*r).code, 800002);
  EXPECT_TRUE(connection.ClosedWithin(10s)) << "the connection was left open";
}

TEST_F(HostileInputTest, ChunkedBodyGrowingOverTheLimitGets413AndClose) {
  RawConnection connection(node_->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send("PUT " + CartPath(demo::kSeedCart) +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Token() +
                              "\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
  // 17 chunks of 64 KiB pass 1 MiB; the server may stop reading (and close) before the last.
  for (int i = 0; i < 17; ++i) {
    if (!connection.Send(chunk)) break;
  }
  const std::optional<HttpResult> r = connection.ReadResponse();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(ReadFault(*r).code, 800002);
  EXPECT_TRUE(connection.ClosedWithin(10s));
}

TEST_F(HostileInputTest, HeaderBlockOverTheLimitGets431) {
  RawConnection connection(node_->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send(RawRequest("GET", CartPath(demo::kSeedCart), Token(), "",
                                         "X-Filler: " + std::string(17 * 1024, 'f') + "\r\n")));
  const std::optional<HttpResult> r = connection.ReadResponse();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->headers.Get("Connection"), "close");
  EXPECT_TRUE(connection.ClosedWithin(10s));
}

TEST_F(HostileInputTest, InvalidHttpGets400AndClose) {
  for (const std::string& garbage :
       {std::string("THIS IS NOT HTTP\r\n\r\n"), std::string("GET /v1 HTTP/1.1\r\nHost\r\n\r\n"),
        std::string("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n"),
        // A route that exists and needs no token: an unknown one is answered 404 before the
        // body is read.
        std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
    RawConnection connection(node_->port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(garbage));
    const std::optional<HttpResult> r = connection.ReadResponse();
    ASSERT_TRUE(r.has_value()) << garbage;
    EXPECT_EQ(r->status, 400) << garbage;
    EXPECT_EQ(ReadFault(*r).code, 800002) << garbage;
    EXPECT_TRUE(connection.ClosedWithin(10s)) << garbage;
  }
}

TEST_F(HostileInputTest, MoreThan250LinesAreRefused) {
  EXPECT_NE(ExpectInvalidInput(CartWithLines(251)).find("250"), std::string::npos);
  // Add-ons count too: 126 lines with one add-on each are 252 lines.
  std::string body = R"({"lineItems":[)";
  for (int i = 0; i < 126; ++i) {
    if (i > 0) body += ",";
    body += R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
            R"("billingCycle":"monthly","addonItems":[)" +
            std::string(kLine) + "]}";
  }
  ExpectInvalidInput(body + "]}");
  // 250 is allowed.
  const HttpResult r = Call("POST", CartsPath(), CartWithLines(250), Token());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(partnercenter::ParseCart(r.body)->line_items.size(), 250u);
}

TEST_F(HostileInputTest, NestingDeeperThan32IsRefused) {
  // The body object, lineItems and the line are three levels; 29 arrays in the line make 32.
  const std::string deep = std::string(29, '[') + std::string(29, ']');
  const std::string too_deep = std::string(30, '[') + std::string(30, ']');
  const std::string line = R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
                           R"("billingCycle":"monthly","unknownMember":)";
  EXPECT_NE(ExpectInvalidInput(R"({"lineItems":[)" + line + too_deep + "}]}")
                .find("nesting deeper than 32"),
            std::string::npos);
  // Deep enough to hurt a recursive parser, far past any limit.
  ExpectInvalidInput(std::string(100000, '[') + std::string(100000, ']'));
  // 32 levels are read (the unknown member is then ignored).
  const HttpResult r =
      Call("POST", CartsPath(), R"({"lineItems":[)" + line + deep + "}]}", Token());
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(HostileInputTest, StringsOverTheLimitAreRefused) {
  EXPECT_NE(ExpectInvalidInput(CartNamed(std::string(1025, 'n'))).find("longer than 1024 bytes"),
            std::string::npos);
  // The limit is on the unescaped text: 1025 escaped characters are still 1025 bytes.
  std::string escaped;
  for (int i = 0; i < 1025; ++i) escaped += "\\u0041";
  ExpectInvalidInput(CartNamed(escaped));
  // Member names count too.
  ExpectInvalidInput(R"({")" + std::string(2000, 'k') + R"(":1,"lineItems":[)" + kLine + "]}");
  // 1024 bytes are fine.
  const HttpResult r = Call("POST", CartsPath(), CartNamed(std::string(1024, 'n')), Token());
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(HostileInputTest, InvalidUtf8InStringsIsRefused) {
  for (const std::string& bad : {
           std::string("\xC3\x28"),          // a lead byte without its continuation
           std::string("\xC0\xAF"),          // overlong encoding of '/'
           std::string("\xED\xA0\x80"),      // a UTF-16 surrogate encoded as UTF-8
           std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
           std::string("\xFF"),
           std::string("\\ud800"),  // a lone surrogate escape
       }) {
    ExpectInvalidInput(CartNamed(bad));
  }
  // Outside strings too.
  ExpectInvalidInput(std::string("{\"lineItems\":[") + kLine + "]}\xFF");
}

TEST_F(HostileInputTest, HugeNumbersAreRefused) {
  for (const char* number : {"1e400", "-1e400", "123456789012345678901234567890", "2147483648",
                             "1.5", "1e2", "18446744073709551616"}) {
    ExpectInvalidInput(CartWithQuantity(number));
  }
  // A number of 100,000 digits costs no more than its size.
  ExpectInvalidInput(CartWithQuantity(std::string(100000, '9')));
}

TEST_F(HostileInputTest, DuplicateKeysAreRefused) {
  EXPECT_NE(ExpectInvalidInput(R"({"lineItems":[)" + std::string(kLine) + R"(],"lineItems":[)" +
                               std::string(kLine) + "]}")
                .find("duplicate member"),
            std::string::npos);
  // Names are matched ignoring case, so these are duplicates too.
  ExpectInvalidInput(R"({"LineItems":[)" + std::string(kLine) + R"(],"lineitems":[]})");
  ExpectInvalidInput(R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
                     R"("quantity":1,"Quantity":2,"billingCycle":"monthly"}]})");
}

TEST_F(HostileInputTest, PipelinedRequestsAreAllAnsweredInOrder) {
  const HttpResult created = Call("POST", CartsPath(), CartWithLines(1), Token());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = CartPath(*partnercenter::ParseCart(created.body)->id);
  const std::string unknown = CartPath("00000000-0000-4000-8000-000000000001");

  RawConnection connection(node_->port());
  ASSERT_TRUE(connection.connected());
  // One write holding five requests: read, change, read back, an unknown cart, a bad body.
  ASSERT_TRUE(connection.Send(RawRequest("GET", cart, Token(), "") +
                              RawRequest("PUT", cart, Token(), CartWithQuantity("3")) +
                              RawRequest("GET", cart, Token(), "") +
                              RawRequest("GET", unknown, Token(), "") +
                              RawRequest("PUT", cart, Token(), "{not json")));
  std::vector<HttpResult> answers;
  for (int i = 0; i < 5; ++i) {
    std::optional<HttpResult> r = connection.ReadResponse();
    ASSERT_TRUE(r.has_value()) << "answer " << i;
    answers.push_back(*std::move(r));
  }
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(partnercenter::ParseCart(answers[0].body)->line_items.at(0).quantity, 1);
  EXPECT_EQ(answers[1].status, 201);
  EXPECT_EQ(answers[2].status, 200);
  EXPECT_EQ(partnercenter::ParseCart(answers[2].body)->line_items.at(0).quantity, 3);
  EXPECT_EQ(answers[2].headers.Get("ETag"), answers[1].headers.Get("ETag"));
  EXPECT_NE(answers[2].headers.Get("ETag"), answers[0].headers.Get("ETag"));
  EXPECT_EQ(answers[3].status, 404);
  EXPECT_EQ(ReadFault(answers[3]).code, 800008);
  EXPECT_EQ(answers[4].status, 400);
  EXPECT_EQ(ReadFault(answers[4]).code, 800002);
  // The connection stays usable after all of them.
  ASSERT_TRUE(connection.Send(RawRequest("GET", cart, Token(), "")));
  const std::optional<HttpResult> last = connection.ReadResponse();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->body, answers[2].body);
}

TEST_F(HostileInputTest, AThousandIdleConnectionsDoNotStopService) {
  constexpr int kIdle = 1000;
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  // Both ends of every connection live in this process, plus the node's own files.
  const rlim_t needed = 2 * kIdle + 256;
  if (limit.rlim_cur < needed) {
    if (limit.rlim_max < needed) GTEST_SKIP() << "RLIMIT_NOFILE hard limit below " << needed;
    limit.rlim_cur = needed;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  std::vector<RawConnection> idle;
  idle.reserve(kIdle);
  for (int i = 0; i < kIdle; ++i) {
    idle.emplace_back(node_->port());
    ASSERT_TRUE(idle.back().connected()) << "connection " << i << ": " << std::strerror(errno);
  }
  // Connections are accepted in order: once this one is answered, the idle ones are all open.
  HttpClient active(node_->port());
  const HttpResult r =
      active.Send("GET", CartPath(demo::kSeedCart), "", {{"Authorization", "Bearer " + Token()}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, seed_body_);
  // And the idle ones are still served when they speak.
  for (RawConnection* connection : {&idle.front(), &idle[kIdle / 2], &idle.back()}) {
    ASSERT_TRUE(connection->Send(RawRequest("GET", CartPath(demo::kSeedCart), Token(), "")));
    const std::optional<HttpResult> answer = connection->ReadResponse();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
  }
}

// With a short read timeout, to show the slow-loris defence on a full node.
class SlowClientTest : public HostileInputTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = HostileInputTest::Options();
    options.http.read_timeout = 2s;
    return options;
  }
};

TEST_F(SlowClientTest, OneBytePerSecondIsCutAtTheReadTimeoutWhileOthersAreServed) {
  RawConnection slow(node_->port());
  ASSERT_TRUE(slow.connected());
  const std::string request = RawRequest("GET", CartPath(demo::kSeedCart), Token(), "");
  bool closed = false;
  std::size_t bytes_sent = 0;
  int others_served = 0;
  // At one byte per second the request would take minutes; the read timeout is 2 s. The wait
  // for the server to close is what paces the bytes.
  for (std::size_t i = 0; i < 30 && !closed; ++i) {
    if (!slow.Send(request.substr(i, 1))) {
      closed = true;
      break;
    }
    ++bytes_sent;
    HttpClient other(node_->port());
    const HttpResult r =
        other.Send("GET", CartPath(demo::kSeedCart), "", {{"Authorization", "Bearer " + Token()}});
    EXPECT_EQ(r.status, 200);
    if (r.status == 200) ++others_served;
    closed = slow.ClosedWithin(1s);
  }
  EXPECT_TRUE(closed) << "a client sending one byte per second was not disconnected";
  // Not before its time: the first second passed with the connection open.
  EXPECT_GE(bytes_sent, 2u);
  EXPECT_GE(others_served, 1);
}

}  // namespace
}  // namespace cartd::test
