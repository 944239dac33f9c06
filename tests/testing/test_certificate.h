// Self-signed certificates for HTTPS tests, made on the spot with OpenSSL: a P-256 key and a
// certificate for "localhost" and 127.0.0.1 (subjectAltName), valid from a minute ago for a day,
// marked as a CA so that a client may trust it directly.
#pragma once

#include <filesystem>
#include <string>

namespace cartd::test {

// Writes key.pem and cert.pem into `dir`. False on any OpenSSL or file failure.
bool WriteSelfSignedCertificate(const std::filesystem::path& dir);

// The two files in a fresh temporary directory, removed with the object.
class SelfSignedCertificate {
 public:
  SelfSignedCertificate();
  ~SelfSignedCertificate();
  SelfSignedCertificate(const SelfSignedCertificate&) = delete;
  SelfSignedCertificate& operator=(const SelfSignedCertificate&) = delete;

  bool ok() const { return ok_; }
  std::string cert_file() const { return (dir_ / "cert.pem").string(); }
  std::string key_file() const { return (dir_ / "key.pem").string(); }

 private:
  std::filesystem::path dir_;
  bool ok_ = false;
};

}  // namespace cartd::test
