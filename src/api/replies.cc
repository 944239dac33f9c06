#include "api/replies.h"

#include <charconv>

#include "common/digest.h"

namespace cartd::api {
namespace {

constexpr std::string_view kReplayedHeaders[] = {"Content-Type", "ETag"};

}  // namespace

std::optional<IdempotencyKey> IdempotencyKeyFor(const http::Request& request,
                                                std::string_view partner_tenant,
                                                std::string_view customer_id) {
  const std::string_view request_id = request.headers.Get("MS-RequestId");
  if (request_id.empty()) return std::nullopt;
  return IdempotencyKey{.partner_tenant = std::string(partner_tenant),
                        .customer_id = std::string(customer_id),
                        .request_id = std::string(request_id),
                        .method = request.method,
                        .path = request.path,
                        .body_digest = Sha256Hex(request.body)};
}

// Format: "<status>\n" then "<name>: <value>\n" per header, then "\n", then the body. Header
// values cannot contain newlines (HTTP forbids them), so the format is unambiguous.
std::string EncodeReply(const http::Response& response) {
  std::string out = std::to_string(response.status) + "\n";
  for (std::string_view name : kReplayedHeaders) {
    const std::string_view value = response.headers.Get(name);
    if (value.empty()) continue;
    out.append(name).append(": ").append(value).append("\n");
  }
  out += "\n";
  out += response.body;
  return out;
}

std::optional<http::Response> DecodeReply(std::string_view payload) {
  http::Response response;
  std::size_t eol = payload.find('\n');
  if (eol == std::string_view::npos) return std::nullopt;
  const std::string_view status = payload.substr(0, eol);
  auto [end, error] = std::from_chars(status.data(), status.data() + status.size(), response.status);
  if (error != std::errc() || end != status.data() + status.size()) return std::nullopt;
  payload.remove_prefix(eol + 1);
  while (true) {
    eol = payload.find('\n');
    if (eol == std::string_view::npos) return std::nullopt;
    const std::string_view line = payload.substr(0, eol);
    payload.remove_prefix(eol + 1);
    if (line.empty()) break;
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) return std::nullopt;
    response.headers.Add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  response.body = std::string(payload);
  return response;
}

}  // namespace cartd::api
