// What a node loads from files and puts in use again on SIGHUP: the catalog and the JWKS. A
// reload builds the new value off to the side and swaps it in, so requests in flight finish with
// what they started with.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "auth/token_verifier.h"
#include "auth/verifier_options.h"
#include "common/status.h"
#include "common/swappable.h"
#include "domain/catalog_holder.h"
#include "ops/event_log.h"
#include "ops/metrics.h"

namespace cartd {

// The catalog a node starts with: the file when one is given, else the built-in demo catalog with
// `demo`, else none (lines are then not checked against a catalog).
// Errors: kInvalidInput naming the file and the problem.
StatusOr<std::shared_ptr<const Catalog>> LoadCatalog(const std::filesystem::path& catalog_file,
                                                     bool demo);

// Thread-safe; reloads run one at a time.
class Reloader {
 public:
  struct Files {
    std::filesystem::path catalog_file;  // empty: the catalog is not reloaded
    std::filesystem::path jwks_file;     // empty: the keys are not reloaded
    auth::VerifierOptions auth;          // how tokens from the reloaded JWKS are verified
  };

  // `catalog`, `verifier` and `registry` must outlive this; `log` may be null. Registers
  // cartd_reloads_total{file, result}.
  Reloader(Files files, CatalogHolder& catalog, Swappable<auth::TokenVerifier>& verifier,
           ops::Registry& registry, std::shared_ptr<ops::EventLog> log);

  // Loads each configured file again and puts it in use. A file that cannot be loaded is logged
  // and the value in use is kept.
  // Errors: kInvalidInput naming the first file that could not be loaded (the other one is still
  // reloaded).
  Status Reload();

 private:
  Status ReloadCatalog();
  Status ReloadKeys();

  const Files files_;
  CatalogHolder& catalog_;
  Swappable<auth::TokenVerifier>& verifier_;
  ops::Family<ops::Counter>& reloads_;
  const std::shared_ptr<ops::EventLog> log_;
  std::mutex mutex_;
};

// The file's contents. Errors: kInvalidInput "cannot read <path>".
StatusOr<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace cartd
