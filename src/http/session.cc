#include "http/session.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "http/beast_request.h"

namespace cartd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using namespace std::string_view_literals;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Every asynchronous step reports failure as a value: an exception escaping a coroutine would end
// it without closing the connection cleanly.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Bytes requested by the read that waits for a request's first byte.
constexpr std::size_t kFirstReadBytes = 4096;
// A connection holding more buffer than this between requests gives it back, so that many idle
// keep-alive connections stay cheap after one large request each.
constexpr std::size_t kIdleBufferBytes = 64 << 10;
// Upper bound on closing cleanly: the TLS close_notify exchange, then reading (and discarding) what
// the client still sends. Without that reading, closing a socket with unread input (a body after a
// 413, say) makes the kernel send a reset, and some clients' TCP stacks discard a response they
// have not read yet when a reset arrives (RFC 9112 §9.6).
constexpr std::chrono::milliseconds kMaxLinger{2'000};

std::string FormatRemote(const tcp::socket& socket) {
  error_code ec;
  const tcp::endpoint remote = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  std::string address = remote.address().to_string();
  if (remote.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(remote.port());
}

// RFC 9110 §5.6.2 tchar, by byte value.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

// So that a handler's header name cannot break the response framing.
bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return kTokenChars[static_cast<unsigned char>(c)];
  });
}

bool IsSafeValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// The transport owns the message framing.
bool IsFramingField(std::string_view name) {
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
         EqualsIgnoreCase(name, "Transfer-Encoding");
}

// RFC 9110 §6.4.1: these responses never have content, nor a Content-Length describing it.
bool HasNoContent(unsigned status) { return status < 200 || status == 204 || status == 304; }

bool IsHttpParseError(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

Response InternalErrorResponse() {
  Response response;
  response.status = 500;
  response.close_connection = true;
  return response;
}

// Writes into `out` the status line and header fields of `response` (RFC 9112 §4, §5): the
// handler's fields that are safe to send, in its order, then the framing, which the transport
// owns. Returns whether content follows (RFC 9110 §6.4.1). Written here rather than through
// Beast's serializer because its per-field allocations and layered buffers cost a tenth of a
// cart GET; the request side stays Beast's parser.
bool WriteHead(std::string& out, const Response& response, unsigned version, bool keep_alive) {
  const unsigned status = (response.status >= 100 && response.status <= 999)
                              ? static_cast<unsigned>(response.status)
                              : 500u;
  out.clear();
  out.append("HTTP/"sv).append(1, static_cast<char>('0' + version / 10 % 10));
  out.append(1, '.').append(1, static_cast<char>('0' + version % 10)).append(1, ' ');
  out.append(std::to_string(status)).append(1, ' ');
  const std::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(status));
  out.append(reason.data(), reason.size()).append("\r\n"sv);
  for (const auto& [name, value] : response.headers.fields()) {
    if (!IsToken(name) || !IsSafeValue(value) || IsFramingField(name)) continue;
    out.append(name).append(": "sv).append(value).append("\r\n"sv);
  }
  const bool content = !HasNoContent(status);
  if (content) {
    out.append("Content-Length: "sv).append(std::to_string(response.body.size())).append("\r\n"sv);
  }
  if (!keep_alive) {
    out.append("Connection: close\r\n"sv);
  } else if (version < 11) {
    out.append("Connection: keep-alive\r\n"sv);
  }
  out.append("\r\n"sv);
  return content;
}

// Forwards reads and writes to Stream through one completion handler type, whatever the caller's.
// Every Beast HTTP operation wraps its caller's handler in a type of its own; without this
// adapter the layers below (TLS, and tcp_stream's timeouts) would be compiled again for each of
// them, which multiplies this file's build time and object size several times over. The price is
// one small allocation per read or write. At most one read and one write may be outstanding at a
// time, as in an HTTP session.
template <typename Stream>
class UniformHandlerStream {
 public:
  using executor_type = typename Stream::executor_type;
  using CompletionHandler = asio::any_completion_handler<void(error_code, std::size_t)>;

  template <typename... Args>
  explicit UniformHandlerStream(Args&&... args) : next_(std::forward<Args>(args)...) {}

  executor_type get_executor() { return next_.get_executor(); }
  Stream& next_layer() { return next_; }

  template <typename MutableBuffers, typename Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return asio::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& in) {
          const std::size_t count = CopyBuffers(in, read_buffers_);
          ReadSome(count, CompletionHandler(std::move(handler)));
        },
        token, buffers);
  }

  template <typename ConstBuffers, typename Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return asio::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& in) {
          const std::size_t count = CopyBuffers(in, write_buffers_);
          WriteSome(count, CompletionHandler(std::move(handler)));
        },
        token, buffers);
  }

 private:
  // A read or write may transfer less than offered, so keeping only the first buffers is correct.
  template <typename Buffers, typename Array>
  static std::size_t CopyBuffers(const Buffers& in, Array& out) {
    std::size_t count = 0;
    for (auto it = asio::buffer_sequence_begin(in);
         it != asio::buffer_sequence_end(in) && count < out.size(); ++it) {
      typename Array::value_type buffer(*it);
      if (buffer.size() != 0) out[count++] = buffer;
    }
    return count;
  }

  // Boost 1.81's any_completion_executor cannot be required to be non-blocking, which the layers
  // below need when they post a completion; binding the stream's own executor (the one the
  // caller's handler is associated with, the session's strand) sidesteps that.
  void ReadSome(std::size_t count, CompletionHandler handler) {
    next_.async_read_some(std::span<const asio::mutable_buffer>(read_buffers_.data(), count),
                          asio::bind_executor(next_.get_executor(), std::move(handler)));
  }

  void WriteSome(std::size_t count, CompletionHandler handler) {
    next_.async_write_some(std::span<const asio::const_buffer>(write_buffers_.data(), count),
                           asio::bind_executor(next_.get_executor(), std::move(handler)));
  }

  Stream next_;
  std::array<asio::mutable_buffer, 8> read_buffers_;
  std::array<asio::const_buffer, 64> write_buffers_;
};

// Bytes set aside in a BodyBudget, given back on destruction.
class BodyHold {
 public:
  explicit BodyHold(BodyBudget& budget) : budget_(budget) {}
  ~BodyHold() { budget_.Release(bytes_); }
  BodyHold(const BodyHold&) = delete;
  BodyHold& operator=(const BodyHold&) = delete;

  bool Grow(std::size_t more) {
    if (!budget_.TryReserve(more)) return false;
    bytes_ += more;
    return true;
  }
  std::size_t bytes() const { return bytes_; }

 private:
  BodyBudget& budget_;
  std::size_t bytes_ = 0;
};

template <typename Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... StreamArgs>
  Session(const SessionEnv& env, std::string remote, StreamArgs&&... stream_args)
      : env_(env),
        remote_(std::move(remote)),
        stream_(std::forward<StreamArgs>(stream_args)...),
        executor_(stream_.get_executor()) {
    ++env_.state->connections_open;
  }

  ~Session() override {
    if (id_ != 0) env_.registry->Remove(id_);
    --env_.state->connections_open;
  }

  static void Start(std::shared_ptr<Session> session) {
    session->id_ = session->env_.registry->Add(session);
    const auto executor = session->executor_;
    asio::co_spawn(executor, Run(std::move(session)), [](const std::exception_ptr&) {});
  }

  void Shutdown() override {
    asio::post(executor_, [self = this->shared_from_this()] {
      self->shutting_down_ = true;
      switch (self->phase_) {
        case Phase::kIdle:
          // Ends the wait for a request; ServeOneRequest then serves what has already arrived
          // (bytes in the socket, or a read that completed before this) and closes otherwise.
          beast::get_lowest_layer(self->stream_).cancel();
          break;
        case Phase::kBusy:
          break;  // the answer goes out with "Connection: close"
        case Phase::kClosing:
          self->CloseNow();
          break;
      }
    });
  }

  void Abort() override {
    aborted_.store(true);
    asio::post(executor_, [self = this->shared_from_this()] {
      self->shutting_down_ = true;
      self->CloseNow();
    });
  }

 private:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using HttpStream = UniformHandlerStream<Stream>;

  // Where the connection is; read and written only on executor_.
  enum class Phase {
    kIdle,     // TLS handshake, or waiting for a request's first byte
    kBusy,     // reading a request, waiting for the Handler, or writing the answer
    kClosing,  // the last answer is written; closing cleanly
  };
  enum class Next { kNextRequest, kClose, kCloseCleanly };

  static asio::awaitable<void> Run(std::shared_ptr<Session> self) { co_await self->Serve(); }

  asio::awaitable<void> Serve() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(env_.options->read_timeout);
      auto [ec] =
          co_await stream_.next_layer().async_handshake(asio::ssl::stream_base::server, kNoThrow);
      if (ec) {
        CloseNow();
        co_return;
      }
    }
    Next next = Next::kClose;
    do {
      next = co_await ServeOneRequest();
    } while (next == Next::kNextRequest);
    if (next == Next::kCloseCleanly) co_await CloseCleanly();
    CloseNow();
  }

  asio::awaitable<Next> ServeOneRequest() {
    const ServerOptions& options = *env_.options;
    auto& lowest = beast::get_lowest_layer(stream_);

    // A pipelined request may already be buffered; otherwise wait for one, as long as an idle
    // connection may stay open.
    // While the server stops, only requests that have already arrived are served.
    if (buffer_.size() == 0) {
      if (buffer_.capacity() > kIdleBufferBytes) buffer_.shrink_to_fit();
      phase_ = Phase::kIdle;
      lowest.expires_after(options.idle_timeout);
      for (;;) {
        if (shutting_down_ && !InputPending()) co_return Next::kClose;
        auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstReadBytes), kNoThrow);
        if (!ec) {
          buffer_.commit(n);
          break;
        }
        // Cancelled by Shutdown: look again for bytes that arrived meanwhile.
        if (ec == asio::error::operation_aborted && shutting_down_ && !aborted_.load()) continue;
        co_return Next::kClose;
      }
    }
    phase_ = Phase::kBusy;

    // From the first byte on, one deadline covers the whole request, so that a client trickling
    // bytes cannot hold the connection longer than read_timeout.
    const auto deadline = std::chrono::steady_clock::now() + options.read_timeout;
    lowest.expires_at(deadline);
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(static_cast<std::uint64_t>(options.max_body_bytes));
    {
      auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kNoThrow);
      if (ec) co_return co_await Refuse(ec);
    }
    // Framing Beast accepts but RFC 9112 does not: answered before any body byte is read, and
    // the connection closed, so that what follows is never read as another request.
    if (std::optional<std::string> violation = FramingViolation(parser.get())) {
      co_return co_await RefuseWith(RejectReason::kMalformed,
                                    "malformed HTTP request: " + *violation);
    }
    // The body's bytes, set aside in the server's budget until the request is answered.
    BodyHold hold(env_.state->bodies);
    if (!parser.is_done()) {
      const auto& header = parser.get();
      // Refusals that need no body come before any of it is read or held; the body stays unread
      // and the connection closes after the answer.
      if (std::optional<Response> early = Screen(header)) {
        ++env_.state->answered_before_body;
        if (!co_await Write(std::move(*early), header.version(), /*keep_alive=*/false,
                            header.method() == bhttp::verb::head)) {
          co_return Next::kClose;
        }
        co_return Next::kCloseCleanly;
      }
      if (const auto length = parser.content_length(); length && !hold.Grow(*length)) {
        co_return co_await RefuseOverloaded();
      }
      if (header.version() >= 11 &&
          EqualsIgnoreCase(header[bhttp::field::expect], "100-continue")) {
        lowest.expires_after(options.write_timeout);
        auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kNoThrow);
        if (ec) co_return Next::kClose;
        lowest.expires_at(deadline);
      }
      while (!parser.is_done()) {
        auto [ec, n] = co_await bhttp::async_read_some(stream_, buffer_, parser, kNoThrow);
        if (ec) co_return co_await Refuse(ec);
        // A chunked body is held as it grows.
        const std::size_t size = parser.get().body().size();
        if (size > hold.bytes() && !hold.Grow(size - hold.bytes())) {
          co_return co_await RefuseOverloaded();
        }
      }
    }

    const unsigned version = parser.get().version();
    const bool client_keeps_alive = parser.get().keep_alive();
    const bool head = parser.get().method() == bhttp::verb::head;
    Response response = co_await Dispatch(ToRequest(parser.release(), remote_));
    if (aborted_.load() || response.drop_connection) co_return Next::kClose;
    // A stopping server keeps the connection only for requests the client has already sent
    // (pipelined); the answer to the last of them says "Connection: close".
    const bool keep_alive =
        client_keeps_alive && !response.close_connection && (!shutting_down_ || InputPending());
    if (!co_await Write(std::move(response), version, keep_alive, head)) co_return Next::kClose;
    co_return keep_alive ? Next::kNextRequest : Next::kCloseCleanly;
  }

  // Answers a request that could not be read; timeouts and vanished clients get no answer.
  asio::awaitable<Next> Refuse(const error_code& ec) {
    const ServerOptions& options = *env_.options;
    RejectReason why = RejectReason::kMalformed;
    std::string reason;
    if (ec == bhttp::error::header_limit) {
      why = RejectReason::kHeaderTooLarge;
      reason =
          "the request header block exceeds " + std::to_string(options.max_header_bytes) + " bytes";
    } else if (ec == bhttp::error::body_limit) {
      why = RejectReason::kBodyTooLarge;
      reason = "the request body exceeds " + std::to_string(options.max_body_bytes) + " bytes";
    } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
               !IsHttpParseError(ec)) {
      co_return Next::kClose;
    } else {
      reason = "malformed HTTP request: " + ec.message();
    }
    co_return co_await RefuseWith(why, std::move(reason));
  }

  // Answers `why` and closes the connection, discarding whatever the client still sends.
  asio::awaitable<Next> RefuseWith(RejectReason why, std::string reason) {
    Response response;
    try {
      response = env_.handler->Reject(why, reason);
    } catch (...) {
      response = InternalErrorResponse();
    }
    if (!co_await Write(std::move(response), 11, /*keep_alive=*/false, /*head=*/false)) {
      co_return Next::kClose;
    }
    co_return Next::kCloseCleanly;
  }

  asio::awaitable<Next> RefuseOverloaded() {
    ++env_.state->body_memory_refusals;
    return RefuseWith(RejectReason::kOverloaded,
                      "the server holds as many request bodies as it may; retry later");
  }

  std::optional<Response> Screen(const bhttp::request_header<>& header) {
    try {
      return env_.handler->Screen(ToRequestHead(header, remote_));
    } catch (...) {
      return std::nullopt;
    }
  }

  // Runs the Handler here when it answers promptly, otherwise on a worker thread, resuming on
  // this connection's executor.
  asio::awaitable<Response> Dispatch(Request request) {
    if (AnswersPromptly(request)) co_return CallHandler(request);
    auto call = [self = this->shared_from_this(),
                 request = std::move(request)]() mutable -> asio::awaitable<Response> {
      co_return self->CallHandler(request);
    };
    auto [exception, response] = co_await asio::co_spawn(env_.workers, std::move(call), kNoThrow);
    if (exception) co_return InternalErrorResponse();
    co_return std::move(response);
  }

  bool AnswersPromptly(const Request& request) const {
    try {
      return env_.handler->AnswersPromptly(request);
    } catch (...) {
      return false;
    }
  }

  Response CallHandler(Request& request) {
    // Aborted while queued for a worker: nobody is left to read the answer.
    if (aborted_.load()) return Response{};
    try {
      return env_.handler->Handle(request);
    } catch (...) {
      return InternalErrorResponse();
    }
  }

  asio::awaitable<bool> Write(Response response, unsigned version, bool keep_alive, bool head) {
    const bool content = WriteHead(head_, response, version, keep_alive);
    // The answer to HEAD announces the length of the content it leaves out.
    const std::array<asio::const_buffer, 2> bytes{
        asio::buffer(head_), content && !head ? asio::buffer(response.body) : asio::const_buffer()};
    beast::get_lowest_layer(stream_).expires_after(env_.options->write_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, bytes, kNoThrow);
    co_return !ec;
  }

  asio::awaitable<void> CloseCleanly() {
    phase_ = Phase::kClosing;
    auto& lowest = beast::get_lowest_layer(stream_);
    lowest.expires_after(
        std::min<std::chrono::milliseconds>(kMaxLinger, env_.options->read_timeout));
    if constexpr (kTls) {
      std::ignore = co_await stream_.next_layer().async_shutdown(kNoThrow);
    }
    error_code ignored;
    lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::array<char, 1024> sink;
    for (;;) {
      auto [ec, n] = co_await lowest.async_read_some(asio::buffer(sink), kNoThrow);
      if (ec) break;
    }
  }

  void CloseNow() { beast::get_lowest_layer(stream_).close(); }

  // Bytes of a next request have arrived: read and buffered, or waiting in the socket.
  bool InputPending() {
    if (buffer_.size() > 0) return true;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    if (!socket.is_open()) return false;
    error_code ec;
    const std::size_t available = socket.available(ec);
    return !ec && available > 0;
  }

  const SessionEnv env_;
  const std::string remote_;
  HttpStream stream_;
  const asio::any_io_executor executor_;
  beast::flat_buffer buffer_;
  std::string head_;  // the status line and header fields being written, kept for the next answer
  std::uint64_t id_ = 0;
  Phase phase_ = Phase::kIdle;
  bool shutting_down_ = false;
  // Also read by worker threads (CallHandler).
  std::atomic<bool> aborted_{false};
};

}  // namespace

void StartSession(tcp::socket socket, const SessionEnv& env) {
  // Out of memory here costs this connection only: the socket closes as it goes out of scope.
  try {
    std::string remote = FormatRemote(socket);
    if (env.tls != nullptr) {
      Session<TlsStream>::Start(std::make_shared<Session<TlsStream>>(env, std::move(remote),
                                                                     std::move(socket), *env.tls));
    } else {
      Session<PlainStream>::Start(
          std::make_shared<Session<PlainStream>>(env, std::move(remote), std::move(socket)));
    }
  } catch (...) {
  }
}

}  // namespace cartd::http
