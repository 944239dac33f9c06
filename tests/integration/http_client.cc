#include "tests/integration/http_client.h"

namespace cartd::test {

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body, const HeaderList& headers) {
  return SendRaw(FormatRequest(method, target, body, headers));
}

HttpResult HttpClient::SendRaw(const std::string& bytes) {
  // A kept-alive connection the server has closed (idle, or after Connection: close) answers
  // nothing: open a new one and send again, once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!connection_ || !connection_->connected()) {
      connection_ = std::make_unique<RawConnection>(port_);
    }
    RawResponse response = connection_->Exchange(bytes);
    if (response.outcome == RawResponse::Outcome::kComplete) {
      if (http::EqualsIgnoreCase(response.headers.Get("Connection"), "close")) connection_.reset();
      return HttpResult{response.status, std::move(response.headers), std::move(response.body)};
    }
    connection_.reset();
    if (response.outcome == RawResponse::Outcome::kPartial) break;
  }
  return {};
}

}  // namespace cartd::test
