// Idempotent requests (SPEC §5): which requests count as the same, and how their first answer is
// stored and replayed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/records.h"
#include "http/message.h"

namespace cartd::api {

// The key of a request that carries an MS-RequestId: (partner, customer, request id, method,
// path, SHA-256 of the body). nullopt when the client sent no MS-RequestId.
std::optional<IdempotencyKey> IdempotencyKeyFor(const http::Request& request,
                                                std::string_view partner_tenant,
                                                std::string_view customer_id);

// What of a response is replayed: its status, its ETag and Content-Type headers and its body.
// Per-request headers (MS-RequestId, MS-CorrelationId, MS-CV, Date) are made fresh on replay.
std::string EncodeReply(const http::Response& response);
// nullopt when `payload` is not something EncodeReply wrote.
std::optional<http::Response> DecodeReply(std::string_view payload);

}  // namespace cartd::api
