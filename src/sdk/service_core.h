// What every operation object of partner_service.h shares: the options, the credentials, the
// transport with its connection pool, the retry loop and the threads of ...Async calls.
//
// Thread-safety: every member function may be called from any number of threads at once.
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "partnercenter/partner_service.h"
#include "partnercenter/result.h"
#include "sdk/http_transport.h"
#include "sdk/response_decoding.h"
#include "sdk/retry_policy.h"

namespace partnercenter::internal {

// One logical call of the API.
struct Call {
  std::string method;               // "GET", "PUT", "POST"
  std::string path;                 // "/v1/customers/...", segments already encoded
  std::optional<std::string> body;  // JSON, sent with Content-Type: application/json
  HeaderFields headers;             // beyond the standard ones: If-Match, x-ms-customeruser-upn
  // At most this many attempts, when fewer than the options' max_attempts: 1 for a call whose
  // repetition would act twice. 0: the options'.
  int max_attempts = 0;
};

class ServiceCore {
 public:
  ServiceCore(Credentials credentials, PartnerServiceOptions options);
  // Completes the ...Async calls still queued, then joins their threads. Must not run on one of
  // them (inside a task).
  ~ServiceCore();
  ServiceCore(const ServiceCore&) = delete;
  ServiceCore& operator=(const ServiceCore&) = delete;

  // Sends `call`, retrying as the options say, and returns the 2xx answer, or the Error of the
  // last attempt. ResponseInfo is filled in both cases. See partner_service.h for the errors.
  Result<HttpResponse> Execute(const Call& call) const;

  // Execute, then the 2xx body decoded with `parse`.
  template <typename T>
  Result<T> Run(const Call& call, AnswerParser<T> parse) const {
    Result<HttpResponse> answer = Execute(call);
    if (!answer.ok()) return Result<T>(answer.error(), answer.info());
    Result<T> decoded = DecodeAnswer(*answer, parse);
    if (!decoded.ok()) {
      Error error = decoded.error();
      error.request_id = answer.info().request_id;
      error.correlation_id = answer.info().correlation_id;
      return Result<T>(std::move(error), answer.info());
    }
    return Result<T>(std::move(*decoded), answer.info());
  }

  // A failed Result for arguments rejected before anything is sent (kInvalidArgument).
  template <typename T>
  Result<T> Reject(std::string description) const {
    return Result<T>(InvalidArgument(std::move(description)), UnsentInfo());
  }

  // Queues `task` for the ...Async threads; its result, or the exception it throws, arrives in
  // the future. The first call starts the options' async_threads threads.
  template <typename F>
  auto Async(F task) const {
    return boost::asio::post(AsyncPool(), boost::asio::use_future(std::move(task)));
  }

  const std::string& correlation_id() const { return correlation_id_; }
  const PartnerServiceOptions& options() const { return options_; }

 private:
  Error InvalidArgument(std::string description) const;
  ResponseInfo UnsentInfo() const;
  HeaderFields StandardHeaders(const std::string& token, const std::string& request_id,
                               const Call& call) const;
  boost::asio::thread_pool& AsyncPool() const;

  const Credentials credentials_;
  const PartnerServiceOptions options_;
  std::string api_root_;                      // normalised: no trailing slash
  std::optional<std::string> options_error_;  // why the options are unusable
  std::string correlation_id_;
  RetryPolicy retry_policy_;
  std::unique_ptr<HttpTransport> transport_;
  // The threads of ...Async calls: Boost.Asio's pool, started on the first such call, so that a
  // service used only synchronously (cartctl) starts none. Queued tasks use the members above.
  mutable std::once_flag async_pool_started_;
  mutable std::optional<boost::asio::thread_pool> async_pool_;
};

}  // namespace partnercenter::internal
