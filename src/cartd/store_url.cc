#include "cartd/store_url.h"

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
  if (url == "memory://") {
    location.kind = StoreLocation::Kind::kMemory;
    return location;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    location.kind = StoreLocation::Kind::kPostgres;
    location.postgres_uri = std::string(url);
    return location;
  }
  return InvalidInput("unknown store URL '" + std::string(url) +
                      "': use sqlite:///path/to/file.db, postgresql://user@host/db or memory://");
}

std::string DescribeStore(const StoreLocation& location) {
  if (location.kind == StoreLocation::Kind::kSqlite) {
    return "sqlite://" + location.sqlite_path.string();
  }
  if (location.kind == StoreLocation::Kind::kMemory) return "memory://";
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
