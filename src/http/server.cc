#include "http/server.h"

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "http/connection_registry.h"
#include "http/session.h"
#include "http/tls_context.h"

namespace cartd::http {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;
using tcp = asio::ip::tcp;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// After a failed accept (typically out of file descriptors) the pending connection stays queued;
// waiting a moment before retrying keeps the accept loop from spinning on the same error.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

std::string FormatEndpoint(const tcp::endpoint& endpoint) {
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = "[" + address + "]";
  return address + ":" + std::to_string(endpoint.port());
}

Status ValidateOptions(const ServerOptions& options) {
  if (options.host.empty()) return InvalidInput("the listen host must not be empty");
  if (options.io_threads < 0) return InvalidInput("io_threads must be 0 (one per core) or more");
  if (options.worker_threads < 1) return InvalidInput("worker_threads must be at least 1");
  if (options.read_timeout.count() <= 0 || options.idle_timeout.count() <= 0 ||
      options.write_timeout.count() <= 0) {
    return InvalidInput("read, idle and write timeouts must be positive");
  }
  if (options.tls_certificate_file.empty() != options.tls_private_key_file.empty()) {
    return InvalidInput("HTTPS needs both a certificate file and a private key file");
  }
  return Status::Ok();
}

class ServerImpl final : public Server {
 public:
  ServerImpl(const ServerOptions& options, Handler& handler,
             std::unique_ptr<asio::ssl::context> tls)
      : options_(options),
        handler_(handler),
        tls_(std::move(tls)),
        io_thread_count_(options.io_threads > 0
                             ? options.io_threads
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        state_(options.max_body_memory_bytes),
        io_(io_thread_count_),
        accept_strand_(asio::make_strand(io_)),
        acceptor_(accept_strand_) {}

  ~ServerImpl() override { Stop(std::chrono::milliseconds(0)); }

  // Resolves the host, binds and listens. Errors: kInvalidInput, kUnavailable.
  Status Listen();

  // Starts the worker pool, the I/O threads and the accept loop. Errors: kUnavailable when the
  // threads cannot be created (the server is then stopped).
  Status Run();

  std::uint16_t port() const override { return port_; }
  ServerStats stats() const override;
  void Stop(std::chrono::milliseconds grace) override;
  void Wait() override;

 private:
  asio::awaitable<void> AcceptLoop();
  // Serves `socket`, or closes it at once when max_connections are open.
  void Admit(tcp::socket socket);
  void RunIo();

  const ServerOptions options_;
  Handler& handler_;
  const std::unique_ptr<asio::ssl::context> tls_;
  const int io_thread_count_;
  // Declared before io_ so that sessions destroyed with io_'s pending handlers can still
  // unregister.
  ConnectionRegistry registry_;
  FrontDoorState state_;
  std::optional<asio::thread_pool> workers_;
  asio::io_context io_;
  asio::strand<asio::io_context::executor_type> accept_strand_;
  tcp::acceptor acceptor_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_guard_;
  SessionEnv env_;
  std::uint16_t port_ = 0;
  std::vector<std::thread> io_threads_;

  // Serialises Stop calls; a second caller returns once the first has finished.
  std::mutex stop_mu_;
  bool running_ = false;  // guarded by stop_mu_
  std::mutex state_mu_;
  std::condition_variable stopped_cv_;
  bool stopped_ = false;  // guarded by state_mu_
};

Status ServerImpl::Listen() {
  error_code ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    tcp::resolver resolver(io_);
    const auto results =
        resolver.resolve(options_.host, std::to_string(options_.port),
                         tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) {
      return InvalidInput("cannot resolve the listen host '" + options_.host +
                          "': " + (ec ? ec.message() : std::string("no address")));
    }
    endpoint = results.begin()->endpoint();
  }

  const std::string where = FormatEndpoint(endpoint);
  auto failed = [&](std::string_view step) {
    return Unavailable("cannot listen on " + where + " (" + std::string(step) +
                       "): " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return failed("socket");
  // Lets a restarted server bind while connections of its predecessor linger in TIME_WAIT; a port
  // with a live listener still refuses the bind.
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return failed("setsockopt");
  acceptor_.bind(endpoint, ec);
  if (ec) return failed("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen");
  const tcp::endpoint bound = acceptor_.local_endpoint(ec);
  if (ec) return failed("getsockname");
  port_ = bound.port();
  return Status::Ok();
}

Status ServerImpl::Run() {
  {
    std::lock_guard stop_lock(stop_mu_);
    running_ = true;
  }
  try {
    workers_.emplace(static_cast<std::size_t>(options_.worker_threads));
    env_ = SessionEnv{.options = &options_,
                      .handler = &handler_,
                      .workers = workers_->get_executor(),
                      .registry = &registry_,
                      .state = &state_,
                      .tls = tls_.get()};
    work_guard_.emplace(io_.get_executor());
    asio::co_spawn(accept_strand_, AcceptLoop(), [](const std::exception_ptr&) {});
    for (int i = 0; i < io_thread_count_; ++i) io_threads_.emplace_back([this] { RunIo(); });
  } catch (const std::exception& e) {
    Stop(std::chrono::milliseconds(0));
    return Unavailable(std::string("cannot start the server's threads: ") + e.what());
  }
  return Status::Ok();
}

void ServerImpl::RunIo() {
  for (;;) {
    // Handlers are written not to throw; should one do so anyway, this thread keeps serving.
    try {
      io_.run();
      return;
    } catch (...) {
    }
  }
}

asio::awaitable<void> ServerImpl::AcceptLoop() {
  asio::steady_timer backoff(accept_strand_);
  for (;;) {
    // Each connection gets its own strand, so that its steps never run concurrently.
    auto [ec, socket] =
        co_await acceptor_.async_accept(asio::any_io_executor(asio::make_strand(io_)), kNoThrow);
    if (!acceptor_.is_open()) co_return;
    if (ec) {
      if (ec != asio::error::connection_aborted) {
        backoff.expires_after(kAcceptBackoff);
        std::ignore = co_await backoff.async_wait(kNoThrow);
      }
      continue;
    }
    Admit(std::move(socket));
  }
}

void ServerImpl::Admit(tcp::socket socket) {
  ++state_.connections_accepted;
  if (options_.max_connections != 0 && state_.connections_open.load() >= options_.max_connections) {
    ++state_.connections_refused;
    error_code ignored;
    socket.close(ignored);
    return;
  }
  StartSession(std::move(socket), env_);
}

ServerStats ServerImpl::stats() const {
  return ServerStats{.connections_open = state_.connections_open.load(),
                     .connections_accepted = state_.connections_accepted.load(),
                     .connections_refused = state_.connections_refused.load(),
                     .body_bytes_held = state_.bodies.held(),
                     .body_memory_refusals = state_.body_memory_refusals.load(),
                     .answered_before_body = state_.answered_before_body.load()};
}

void ServerImpl::Stop(std::chrono::milliseconds grace) {
  std::lock_guard stop_lock(stop_mu_);
  {
    std::lock_guard state_lock(state_mu_);
    if (stopped_) return;
  }
  if (running_) {
    const auto deadline = std::chrono::steady_clock::now() + grace;
    // The acceptor belongs to the accept loop's strand; closing it there ends the loop. Closing
    // a listening socket resets the connections still in its backlog, whose clients may have
    // sent a request already: those are accepted first, to be drained like the others.
    auto close_acceptor = [this, serving = !io_threads_.empty()] {
      error_code ec;
      if (serving) {
        acceptor_.non_blocking(true, ec);
        while (!ec) {
          tcp::socket socket(asio::make_strand(io_));
          acceptor_.accept(socket, ec);
          if (!ec) Admit(std::move(socket));
        }
      }
      acceptor_.close(ec);
    };
    if (io_threads_.empty()) {
      close_acceptor();
    } else {
      std::promise<void> closed;
      asio::post(accept_strand_, [&] {
        close_acceptor();
        closed.set_value();
      });
      closed.get_future().wait();
    }
    registry_.ShutdownAll();
    if (!registry_.WaitUntilEmpty(deadline)) registry_.AbortAll();
    // Aborted connections end as soon as their socket closes, except those waiting for a Handler
    // call that is already running: that call cannot be interrupted.
    registry_.WaitUntilEmpty();
    // No connection is left to hand work to the pool, so joining it cannot strand a request.
    if (workers_) workers_->join();
    work_guard_.reset();
    io_.stop();
    for (auto& thread : io_threads_) thread.join();
    running_ = false;
  }
  {
    std::lock_guard state_lock(state_mu_);
    stopped_ = true;
  }
  stopped_cv_.notify_all();
}

void ServerImpl::Wait() {
  std::unique_lock state_lock(state_mu_);
  stopped_cv_.wait(state_lock, [&] { return stopped_; });
}

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler& handler) {
  CARTD_RETURN_IF_ERROR(ValidateOptions(options));
  std::unique_ptr<asio::ssl::context> tls;
  if (!options.tls_certificate_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(
        tls, MakeServerTlsContext(options.tls_certificate_file, options.tls_private_key_file));
  }
  std::unique_ptr<ServerImpl> server;
  try {
    server = std::make_unique<ServerImpl>(options, handler, std::move(tls));
  } catch (const std::exception& e) {
    return Unavailable(std::string("cannot create the server: ") + e.what());
  }
  CARTD_RETURN_IF_ERROR(server->Listen());
  CARTD_RETURN_IF_ERROR(server->Run());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace cartd::http
