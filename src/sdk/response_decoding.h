// From what came back to what the caller sees: a non-2xx answer becomes an Error carrying the
// ApiFault's code, description and line errors; a transport failure becomes a kNetwork, kTimeout
// or kInvalidResponse Error; a 2xx body is decoded with the wire codec.
//
// Thread-safety: the functions are reentrant.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "partnercenter/json.h"
#include "partnercenter/result.h"
#include "sdk/http_transport.h"

namespace partnercenter::internal {

// The limits for decoding answers. Wider than the service's limits on requests: the service is
// trusted to send the contract's shapes, and a cart written by another client may hold longer
// strings than this client would send.
inline constexpr ParseOptions kAnswerParseOptions{.max_depth = 64, .max_string_bytes = 1u << 20};

// An Error of kind kHttp for a non-2xx answer: http_status; code and description from the
// Partner Center body (ApiFault), or the description of a gateway body ({"statusCode": 429,
// "message": ...}), or "HTTP <status>" when the body is neither; line_errors from the fault's data
// members shaped {"id": <line id>, "error": {"errorCode", "errorDescription"}} (others, such as
// {"currentETag": ...}, are skipped); retry_after_seconds from Retry-After, read relative to
// `now`. request_id and correlation_id are left for the caller to fill in.
Error ErrorFromAnswer(const HttpResponse& response, std::chrono::system_clock::time_point now);

// An Error for a failed exchange: kTimeout for timeouts, kInvalidResponse for oversized answers,
// kNetwork for the rest; the description names `api_root` and what libcurl said.
Error ErrorFromFailure(const TransportResult& failure, std::string_view api_root,
                       std::chrono::milliseconds timeout);

template <typename T>
using AnswerParser = Result<T> (*)(std::string_view, const ParseOptions&);

// The value in a 2xx answer, or an Error of kind kInvalidResponse (with the answer's http_status)
// when the body is empty or not what `parse` reads.
template <typename T>
Result<T> DecodeAnswer(const HttpResponse& response, AnswerParser<T> parse) {
  Error error;
  error.kind = ErrorKind::kInvalidResponse;
  error.http_status = response.status;
  if (response.body.empty()) {
    error.description = "The service answered HTTP " + std::to_string(response.status) +
                        " with an empty body where the contract has a JSON object";
    return error;
  }
  Result<T> parsed = parse(response.body, kAnswerParseOptions);
  if (!parsed.ok()) {
    error.description =
        "The service's answer is not the contract's JSON: " + parsed.error().description;
    return error;
  }
  return parsed;
}

}  // namespace partnercenter::internal
