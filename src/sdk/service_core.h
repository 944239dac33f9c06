// What every operation object of partner_service.h shares: the options, the credentials, the
// transport with its connection pool, the retry loop and the threads of ...Async calls.
//
// Thread-safety: every member function may be called from any number of threads at once.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "partnercenter/partner_service.h"
#include "partnercenter/result.h"
#include "sdk/async_executor.h"
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
};

class ServiceCore {
 public:
  ServiceCore(Credentials credentials, PartnerServiceOptions options);
  // Completes the ...Async calls still queued (see AsyncExecutor).
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

  // Runs `task` on the worker threads.
  template <typename F>
  auto Async(F task) const {
    return executor_->Submit(std::move(task));
  }

  const std::string& correlation_id() const { return correlation_id_; }
  const PartnerServiceOptions& options() const { return options_; }

 private:
  Error InvalidArgument(std::string description) const;
  ResponseInfo UnsentInfo() const;
  HeaderFields StandardHeaders(const std::string& token, const std::string& request_id,
                               const Call& call) const;

  const Credentials credentials_;
  const PartnerServiceOptions options_;
  std::string api_root_;                      // normalised: no trailing slash
  std::optional<std::string> options_error_;  // why the options are unusable
  std::string correlation_id_;
  RetryPolicy retry_policy_;
  std::unique_ptr<HttpTransport> transport_;
  // Last, so that it is destroyed first: queued tasks still use the members above.
  std::unique_ptr<AsyncExecutor> executor_;
};

}  // namespace partnercenter::internal
