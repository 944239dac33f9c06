#include "http/tls_context.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

namespace cartd::http {
namespace {

namespace ssl = boost::asio::ssl;

Status FileError(std::string_view what, const std::string& file,
                 const boost::system::error_code& ec) {
  return InvalidInput("cannot load TLS " + std::string(what) + " from '" + file +
                      "': " + ec.message());
}

}  // namespace

StatusOr<std::unique_ptr<ssl::context>> MakeServerTlsContext(const std::string& certificate_file,
                                                             const std::string& private_key_file) {
  // ssl::context's constructor throws only when OpenSSL cannot allocate a context.
  std::unique_ptr<ssl::context> context;
  try {
    context = std::make_unique<ssl::context>(ssl::context::tls_server);
  } catch (const std::exception& e) {
    return Internal(std::string("cannot create a TLS context: ") + e.what());
  }
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Internal("cannot restrict the TLS context to TLS 1.2 and newer");
  }
  context->set_options(ssl::context::default_workarounds | ssl::context::single_dh_use);

  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate_file, ec);
  if (ec) return FileError("certificate chain", certificate_file, ec);
  context->use_private_key_file(private_key_file, ssl::context::pem, ec);
  if (ec) return FileError("private key", private_key_file, ec);
  if (SSL_CTX_check_private_key(native) != 1) {
    return InvalidInput("TLS private key '" + private_key_file + "' does not match certificate '" +
                        certificate_file + "'");
  }
  return context;
}

}  // namespace cartd::http
