#include "sdk/http_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <mutex>

namespace partnercenter::internal {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// curl_global_init is not thread-safe in every libcurl build; doing it once, before any handle
// exists, is the documented way.
void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  HttpResponse* response;
  std::size_t max_body;
  bool too_large = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  if (sink->response->body.size() + bytes > sink->max_body) {
    sink->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  sink->response->body.append(data, bytes);
  return bytes;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  // A status line starts a new answer (after "100 Continue", for instance): only the final
  // answer's fields count.
  if (line.rfind("HTTP/", 0) == 0) {
    sink->response->headers.clear();
    return bytes;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  sink->response->headers.emplace_back(std::string(Trim(line.substr(0, colon))),
                                       std::string(Trim(line.substr(colon + 1))));
  return bytes;
}

TransportFailure Classify(CURLcode code, bool too_large) {
  switch (code) {
    case CURLE_OK:
      return TransportFailure::kNone;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return TransportFailure::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportFailure::kConnectionLost;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportFailure::kTls;
    case CURLE_WRITE_ERROR:
      return too_large ? TransportFailure::kResponseTooLarge : TransportFailure::kOther;
    default:
      return TransportFailure::kOther;
  }
}

// Frees a header list on every path out of Send.
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  bool Append(const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) return false;
    list = grown;
    return true;
  }
};

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (EqualsIgnoreCase(field, name)) return value;
  }
  return "";
}

struct HttpTransport::Shared {
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex pool_mutex;
  std::vector<CURL*> idle;  // guarded by pool_mutex

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Shared*>(user)->share_locks[static_cast<std::size_t>(data)].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Shared*>(user)->share_locks[static_cast<std::size_t>(data)].unlock();
  }
};

HttpTransport::HttpTransport(TransportOptions options)
    : shared_(std::make_unique<Shared>()), options_(std::move(options)) {
  GlobalInit();
  shared_->share = curl_share_init();
  if (shared_->share != nullptr) {
    curl_share_setopt(shared_->share, CURLSHOPT_LOCKFUNC, &Shared::Lock);
    curl_share_setopt(shared_->share, CURLSHOPT_UNLOCKFUNC, &Shared::Unlock);
    curl_share_setopt(shared_->share, CURLSHOPT_USERDATA, shared_.get());
    curl_share_setopt(shared_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(shared_->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

HttpTransport::~HttpTransport() {
  for (CURL* easy : shared_->idle) curl_easy_cleanup(easy);
  if (shared_->share != nullptr) curl_share_cleanup(shared_->share);
}

TransportResult HttpTransport::Send(const HttpRequest& request) {
  TransportResult result;
  CURL* easy = nullptr;
  {
    std::lock_guard lock(shared_->pool_mutex);
    if (!shared_->idle.empty()) {
      easy = shared_->idle.back();
      shared_->idle.pop_back();
    }
  }
  if (easy == nullptr) {
    easy = curl_easy_init();
    if (easy == nullptr) {
      result.failure = TransportFailure::kOther;
      result.message = "libcurl could not create a handle";
      return result;
    }
    if (shared_->share != nullptr) curl_easy_setopt(easy, CURLOPT_SHARE, shared_->share);
  } else {
    // Options go back to their defaults; the handle's live connections and caches stay.
    curl_easy_reset(easy);
  }

  HeaderList headers;
  bool headers_ok = true;
  for (const auto& [name, value] : request.headers) {
    // "Name;" is libcurl's spelling of a field with an empty value.
    headers_ok = headers_ok && headers.Append(value.empty() ? name + ";" : name + ": " + value);
  }
  // Bodies are small JSON documents: waiting for "100 Continue" would only add a round trip.
  headers_ok = headers_ok && headers.Append("Expect:");

  Sink sink{&result.response, options_.max_response_bytes};
  char error_buffer[CURL_ERROR_SIZE] = {};
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));
  const long connect_ms = std::max<long>(1, static_cast<long>(options_.connect_timeout.count()));

  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.list);
  if (!options_.user_agent.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
  }
  if (options_.insecure_skip_tls_verify) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  } else {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  }
  if (!options_.ca_bundle_path.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_bundle_path.c_str());
  }
  if (request.method == "GET" && !request.has_body) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else if (request.has_body) {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else {
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  const CURLcode code = headers_ok ? curl_easy_perform(easy) : CURLE_OUT_OF_MEMORY;
  result.failure = Classify(code, sink.too_large);
  if (result.ok()) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    result.response.status = static_cast<int>(status);
  } else if (result.failure == TransportFailure::kResponseTooLarge) {
    result.message = "the response body is larger than " +
                     std::to_string(options_.max_response_bytes) + " bytes";
  } else {
    result.message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  }
  // The error buffer and the header list die with this frame: the pooled handle must not keep
  // pointers to them.
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);

  {
    std::lock_guard lock(shared_->pool_mutex);
    if (shared_->idle.size() < options_.max_idle_handles) {
      shared_->idle.push_back(easy);
      easy = nullptr;
    }
  }
  if (easy != nullptr) curl_easy_cleanup(easy);
  return result;
}

}  // namespace partnercenter::internal
