#include "cartd/reloader.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "cartd/embedded_demo_catalog.h"
#include "catalog/catalog_file.h"

namespace cartd {
namespace {

void LogFailure(ops::EventLog* log, std::string_view event, const std::string& file,
                const Status& status) {
  if (log == nullptr || !log->Enabled(ops::LogLevel::kError)) return;
  ops::LogLine line = log->Line(ops::LogLevel::kError, event);
  line.Add("file", file).Add("error", status.message());
  log->Write(ops::LogLevel::kError, std::move(line));
}

}  // namespace

StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidInput("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StatusOr<std::shared_ptr<const Catalog>> LoadCatalog(const std::filesystem::path& catalog_file,
                                                     bool demo) {
  if (!catalog_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(Catalog catalog, catalog::LoadCatalogFile(catalog_file));
    return std::make_shared<const Catalog>(std::move(catalog));
  }
  if (demo) {
    CARTD_ASSIGN_OR_RETURN(Catalog catalog,
                           catalog::ParseCatalog(kEmbeddedDemoCatalog, "demo-catalog.json"));
    return std::make_shared<const Catalog>(std::move(catalog));
  }
  return std::shared_ptr<const Catalog>();
}

Reloader::Reloader(Files files, CatalogHolder& catalog, Swappable<auth::TokenVerifier>& verifier,
                   ops::Registry& registry, std::shared_ptr<ops::EventLog> log)
    : files_(std::move(files)),
      catalog_(catalog),
      verifier_(verifier),
      reloads_(registry.AddCounter("cartd_reloads_total",
                                   "Reloads of the catalog and JWKS files (SIGHUP), by result.",
                                   {"file", "result"})),
      log_(std::move(log)) {}

Status Reloader::Reload() {
  std::lock_guard lock(mutex_);
  Status catalog = ReloadCatalog();
  Status keys = ReloadKeys();
  return !catalog.ok() ? catalog : keys;
}

Status Reloader::ReloadCatalog() {
  if (files_.catalog_file.empty()) return Status::Ok();
  const std::string file = files_.catalog_file.string();
  StatusOr<Catalog> catalog = catalog::LoadCatalogFile(files_.catalog_file);
  if (!catalog.ok()) {
    reloads_.Get({"catalog", "error"}).Increment();
    LogFailure(log_.get(), "catalog_reload_failed", file, catalog.status());
    return catalog.status();
  }
  const auto items = static_cast<std::int64_t>(catalog->items().size());
  catalog_.Set(std::make_shared<const Catalog>(*std::move(catalog)));
  reloads_.Get({"catalog", "ok"}).Increment();
  if (log_ && log_->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = log_->Line(ops::LogLevel::kInfo, "catalog_reloaded");
    line.Add("file", file).AddInt("items", items);
    log_->Write(ops::LogLevel::kInfo, std::move(line));
  }
  return Status::Ok();
}

Status Reloader::ReloadKeys() {
  if (files_.jwks_file.empty()) return Status::Ok();
  const std::string file = files_.jwks_file.string();
  StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
      [&]() -> StatusOr<std::unique_ptr<auth::TokenVerifier>> {
    CARTD_ASSIGN_OR_RETURN(std::string jwks, ReadFile(files_.jwks_file));
    StatusOr<std::unique_ptr<auth::TokenVerifier>> created =
        auth::TokenVerifier::Create(files_.auth, "", std::move(jwks));
    if (!created.ok()) return InvalidInput(file + ": " + created.status().message());
    return created;
  }();
  if (!verifier.ok()) {
    reloads_.Get({"jwks", "error"}).Increment();
    LogFailure(log_.get(), "jwks_reload_failed", file, verifier.status());
    return verifier.status();
  }
  verifier_.Set(*std::move(verifier));
  reloads_.Get({"jwks", "ok"}).Increment();
  if (log_) log_->Event(ops::LogLevel::kInfo, "jwks_reloaded", {{"file", file}});
  return Status::Ok();
}

}  // namespace cartd
