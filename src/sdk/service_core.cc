#include "sdk/service_core.h"

#include <algorithm>
#include <random>
#include <thread>

#include "common/ids.h"
#include "sdk/uri.h"

namespace partnercenter::internal {
namespace {

constexpr char kClientName[] = "Partner Center C++ SDK";

// Why `options` cannot be used, or nullopt.
std::optional<std::string> CheckOptions(const PartnerServiceOptions& options) {
  if (!NormalizeApiRoot(options.api_root)) {
    return "api_root must be an http:// or https:// URL with a host, without query or fragment: '" +
           options.api_root + "'";
  }
  if (options.connect_timeout.count() < 1 || options.request_timeout.count() < 1 ||
      options.total_timeout.count() < 1) {
    return "connect_timeout, request_timeout and total_timeout must be at least 1 ms";
  }
  if (options.max_attempts < 1) return "max_attempts must be at least 1";
  if (options.initial_backoff.count() < 0 || options.max_backoff < options.initial_backoff) {
    return "initial_backoff must be >= 0 and max_backoff >= initial_backoff";
  }
  if (options.async_threads < 1) return "async_threads must be at least 1";
  if (HasLineBreak(options.locale) || HasLineBreak(options.correlation_id) ||
      HasLineBreak(options.application_name)) {
    return "locale, correlation_id and application_name must not contain line breaks";
  }
  return std::nullopt;
}

std::mt19937_64& JitterSource() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return generator;
}

bool IsSuccess(int status) { return status >= 200 && status < 300; }

}  // namespace

ServiceCore::ServiceCore(Credentials credentials, PartnerServiceOptions options)
    : credentials_(std::move(credentials)),
      options_(std::move(options)),
      options_error_(CheckOptions(options_)),
      correlation_id_(options_.correlation_id.empty() ? cartd::NewGuid() : options_.correlation_id),
      retry_policy_(std::max(options_.initial_backoff, std::chrono::milliseconds(0)),
                    std::max(options_.max_backoff, options_.initial_backoff)) {
  if (!options_error_) api_root_ = *NormalizeApiRoot(options_.api_root);
  TransportOptions transport;
  transport.connect_timeout = options_.connect_timeout;
  transport.ca_bundle_path = options_.ca_bundle_path;
  transport.insecure_skip_tls_verify = options_.insecure_skip_tls_verify;
  transport.max_response_bytes = options_.max_response_bytes;
  transport.user_agent = std::string("partnercenter-cpp/") + SdkVersion();
  transport_ = std::make_unique<HttpTransport>(std::move(transport));
}

ServiceCore::~ServiceCore() {
  // join() first: it lets the threads finish every queued task before they exit. The pool's own
  // destructor stops them at once, and the futures of tasks still queued would be broken.
  if (async_pool_) async_pool_->join();
}

boost::asio::thread_pool& ServiceCore::AsyncPool() const {
  std::call_once(async_pool_started_, [this] {
    async_pool_.emplace(static_cast<std::size_t>(std::max(1, options_.async_threads)));
  });
  return *async_pool_;
}

Error ServiceCore::InvalidArgument(std::string description) const {
  Error error;
  error.kind = ErrorKind::kInvalidArgument;
  error.description = std::move(description);
  error.correlation_id = correlation_id_;
  return error;
}

ResponseInfo ServiceCore::UnsentInfo() const {
  ResponseInfo info;
  info.correlation_id = correlation_id_;
  return info;
}

HeaderFields ServiceCore::StandardHeaders(const std::string& token, const std::string& request_id,
                                          const Call& call) const {
  HeaderFields headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  headers.emplace_back("Accept", "application/json");
  if (call.body) headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("MS-RequestId", request_id);
  headers.emplace_back("MS-CorrelationId", correlation_id_);
  if (!options_.locale.empty()) headers.emplace_back("X-Locale", options_.locale);
  headers.emplace_back("MS-PartnerCenter-Client", kClientName);
  headers.emplace_back("MS-SdkVersion", SdkVersion());
  if (!options_.application_name.empty()) {
    headers.emplace_back("MS-PartnerCenter-Application", options_.application_name);
  }
  for (const auto& field : call.headers) headers.push_back(field);
  return headers;
}

Result<HttpResponse> ServiceCore::Execute(const Call& call) const {
  if (options_error_) return Result<HttpResponse>(InvalidArgument(*options_error_), UnsentInfo());
  for (const auto& [name, value] : call.headers) {
    if (HasLineBreak(value)) {
      return Result<HttpResponse>(InvalidArgument(name + " must not contain line breaks"),
                                  UnsentInfo());
    }
  }

  const int max_attempts = call.max_attempts > 0
                               ? std::min(call.max_attempts, options_.max_attempts)
                               : options_.max_attempts;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + options_.total_timeout;
  ResponseInfo info = UnsentInfo();
  info.request_id = cartd::NewGuid();

  HttpRequest request;
  request.method = call.method;
  request.url = api_root_ + call.path;
  request.has_body = call.body.has_value();
  if (call.body) request.body = *call.body;

  // Completes `error` with what every Error of this call carries.
  const auto finish = [&](Error error) {
    error.request_id = info.request_id;
    error.correlation_id = info.correlation_id;
    return Result<HttpResponse>(std::move(error), info);
  };

  for (int attempt = 1;; ++attempt) {
    Result<std::string> token = credentials_.Token();
    if (!token.ok()) {
      Error error = token.error();
      error.kind = ErrorKind::kCredentials;
      return finish(std::move(error));
    }
    if (HasLineBreak(*token)) {
      Error error = InvalidArgument("the access token must not contain line breaks");
      error.kind = ErrorKind::kCredentials;
      return finish(std::move(error));
    }
    request.headers = StandardHeaders(*token, info.request_id, call);
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    request.timeout =
        std::max(std::chrono::milliseconds(1), std::min(options_.request_timeout, remaining));

    TransportResult sent = transport_->Send(request);
    info.attempts = attempt;

    Error error;
    bool retryable = false;
    std::optional<std::chrono::milliseconds> requested_wait;
    if (!sent.ok()) {
      info.http_status = 0;
      info.etag.clear();
      error = ErrorFromFailure(sent, api_root_, request.timeout);
      retryable = IsRetryableFailure(sent.failure);
    } else {
      info.http_status = sent.response.status;
      info.etag = sent.response.Header("ETag");
      if (std::string echoed = sent.response.Header("MS-CorrelationId"); !echoed.empty()) {
        info.correlation_id = std::move(echoed);
      }
      if (IsSuccess(sent.response.status)) {
        return Result<HttpResponse>(std::move(sent.response), info);
      }
      error = ErrorFromAnswer(sent.response, std::chrono::system_clock::now());
      retryable = IsRetryableStatus(sent.response.status);
      if (error.retry_after_seconds) {
        requested_wait = std::chrono::seconds(*error.retry_after_seconds);
      }
    }
    if (!retryable || attempt >= max_attempts) return finish(std::move(error));
    const std::chrono::milliseconds wait =
        requested_wait ? *requested_wait : retry_policy_.Backoff(attempt, JitterSource());
    // A retry that could only start at or after the deadline would fail anyway: give the caller
    // the answer in hand now rather than later.
    if (Clock::now() + wait >= deadline) return finish(std::move(error));
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace partnercenter::internal
