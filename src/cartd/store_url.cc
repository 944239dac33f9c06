#include "cartd/store_url.h"

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace cartd {

StatusOr<StoreLocation> ParseStoreUrl(std::string_view url, const std::filesystem::path& data_dir) {
  StoreLocation location;
  if (url.empty()) {
    location.sqlite_path = data_dir / "cartd.db";
    return location;
  }
  if (url.starts_with("sqlite://")) {
    url.remove_prefix(std::string_view("sqlite://").size());
    if (url.empty()) return InvalidInput("store URL 'sqlite://' names no file");
    location.sqlite_path = std::filesystem::path(std::string(url));
    return location;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    location.kind = StoreLocation::Kind::kPostgres;
    location.postgres_uri = std::string(url);
    return location;
  }
  return InvalidInput("unknown store URL '" + std::string(url) +
                      "': use sqlite:///path/to/file.db or postgresql://user@host/db");
}

StatusOr<std::unique_ptr<CartStore>> OpenStore(const StoreLocation& location) {
  if (location.kind == StoreLocation::Kind::kPostgres) {
    // The URL's pool and timeout parameters are cartd's; the rest of it goes to libpq.
    CARTD_ASSIGN_OR_RETURN(storage::PostgresOptions options,
                           storage::ParsePostgresUrl(location.postgres_uri));
    CARTD_ASSIGN_OR_RETURN(std::unique_ptr<storage::PostgresStore> store,
                           storage::OpenPostgresStore(options));
    return std::unique_ptr<CartStore>(std::move(store));
  }
  std::error_code ignored;
  if (location.sqlite_path.has_parent_path()) {
    std::filesystem::create_directories(location.sqlite_path.parent_path(), ignored);
  }
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<storage::SqliteStore> store,
                         storage::OpenSqliteStore(storage::SqliteOptions{.path = location.sqlite_path}));
  return std::unique_ptr<CartStore>(std::move(store));
}

std::string DescribeStore(const StoreLocation& location) {
  if (location.kind == StoreLocation::Kind::kSqlite) {
    return "sqlite://" + location.sqlite_path.string();
  }
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  std::string uri = location.postgres_uri;
  const std::size_t scheme_end = uri.find("://");
  const std::size_t at = uri.find('@', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (scheme_end != std::string::npos && at != std::string::npos) {
    const std::size_t colon = uri.find(':', scheme_end + 3);
    if (colon != std::string::npos && colon < at) uri.replace(colon + 1, at - colon - 1, "***");
  }
  return uri;
}

}  // namespace cartd
