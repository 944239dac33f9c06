#include "tests/sdk/scripted_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

namespace partnercenter::testing {
namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateDeleter {
  void operator()(X509* certificate) const { X509_free(certificate); }
};

bool WritePem(const std::filesystem::path& path, X509* certificate, EVP_PKEY* key) {
  FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return false;
  const bool written = certificate != nullptr ? PEM_write_X509(out, certificate) == 1
                                              : PEM_write_PrivateKey(out, key, nullptr, nullptr, 0,
                                                                     nullptr, nullptr) == 1;
  return std::fclose(out) == 0 && written;
}

}  // namespace

cartd::http::Response JsonAnswer(int status, std::string body) {
  cartd::http::Response response;
  response.status = status;
  response.headers.Add("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

ScriptedServer::~ScriptedServer() { Stop(); }

void ScriptedServer::Start(const std::string& tls_certificate_file,
                           const std::string& tls_private_key_file) {
  cartd::http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 8;
  options.tls_certificate_file = tls_certificate_file;
  options.tls_private_key_file = tls_private_key_file;
  tls_ = !tls_certificate_file.empty();
  auto server = cartd::http::Server::Start(options, *this);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(*server);
}

void ScriptedServer::Stop() {
  if (server_) server_->Stop(std::chrono::seconds(5));
}

std::uint16_t ScriptedServer::port() const { return server_->port(); }

std::string ScriptedServer::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::vector<Arrival> ScriptedServer::arrivals() const {
  std::lock_guard lock(mutex_);
  return arrivals_;
}

cartd::http::Response ScriptedServer::Handle(cartd::http::Request& request) {
  int index = 0;
  {
    std::lock_guard lock(mutex_);
    index = static_cast<int>(arrivals_.size());
    arrivals_.push_back({request.method, request.target, request.headers, request.body,
                         request.remote_address, std::chrono::steady_clock::now()});
  }
  return script_(request, index);
}

cartd::http::Response ScriptedServer::Reject(int status, std::string_view) {
  return JsonAnswer(status, R"({"code":800002,"description":"Refused by the transport"})");
}

SelfSignedCertificate::SelfSignedCertificate() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sdk-tls-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return;
  dir_ = pattern;
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, CertificateDeleter> certificate(X509_new());
  if (!key || !certificate) return;
  X509_set_version(certificate.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 3600);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension == nullptr) return;
    X509_add_ext(certificate.get(), extension, -1);
    X509_EXTENSION_free(extension);
  }
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) return;
  ok_ =
      WritePem(cert_file(), certificate.get(), nullptr) && WritePem(key_file(), nullptr, key.get());
}

SelfSignedCertificate::~SelfSignedCertificate() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::uint16_t ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace partnercenter::testing
