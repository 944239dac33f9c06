// A self-signed certificate for localhost and 127.0.0.1, made with OpenSSL for HTTPS tests.
#pragma once

#include <filesystem>

namespace cartd::test {

// Writes a fresh P-256 key (key.pem) and a self-signed certificate for it (cert.pem, valid for a
// day, subjectAltName DNS:localhost and IP:127.0.0.1) into `dir`. False on any OpenSSL failure.
bool WriteSelfSignedCertificate(const std::filesystem::path& dir);

}  // namespace cartd::test
