// The server side of HTTPS: an OpenSSL context built from PEM files.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace cartd::http {

// Builds a TLS server context (TLS 1.2 or newer) serving the certificate chain in
// `certificate_file` with the private key in `private_key_file`, both PEM. The context is
// immutable afterwards and may be shared by any number of connections on any threads.
// Errors: kInvalidInput when a file cannot be read or parsed, or the key does not match the
// certificate; the message names the file and OpenSSL's reason.
StatusOr<std::unique_ptr<boost::asio::ssl::context>> MakeServerTlsContext(
    const std::string& certificate_file, const std::string& private_key_file);

}  // namespace cartd::http
