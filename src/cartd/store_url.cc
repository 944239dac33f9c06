#include "cartd/store_url.h"

#include <boost/url/pct_string_view.hpp>
#include <boost/url/url.hpp>

#include "common/url.h"

namespace cartd {
namespace {

constexpr char kUsage[] = "use sqlite:///path/to/file.db, postgresql://user@host/db or memory://";

// sqlite:///abs/path.db, sqlite://rel/path.db: the file is what follows "sqlite://", decoded. In
// the relative form its first segment reads as the URL's authority ("rel").
StatusOr<std::filesystem::path> SqlitePath(const boost::urls::url& url) {
  if (url.has_query() || url.has_fragment()) {
    return InvalidInput("store URL '" + std::string(url.buffer()) +
                        "': a SQLite file path takes no query or fragment (write '?' as %3F "
                        "and '#' as %23)");
  }
  std::string path = url.encoded_authority().decode() + url.path();
  if (path.empty()) return InvalidInput("store URL 'sqlite://' names no file");
  return std::filesystem::path(std::move(path));
}

}  // namespace

StatusOr<StoreLocation> ParseStoreUrl(std::string_view url, const std::filesystem::path& data_dir) {
  StoreLocation location;
  if (url.empty()) {
    location.sqlite_path = data_dir / "cartd.db";
    return location;
  }
  boost::system::result<boost::urls::url> parsed = ParseOperatorUrl(url);
  if (!parsed) {
    return InvalidInput("malformed store URL '" + std::string(url) + "' (" +
                        parsed.error().message() + "): " + kUsage);
  }
  // Every store URL is scheme://...; schemes are matched as written, since libpq knows only
  // lower-case ones.
  const std::string_view scheme = parsed->has_authority() ? parsed->scheme() : "";
  if (scheme == "sqlite") {
    CARTD_ASSIGN_OR_RETURN(location.sqlite_path, SqlitePath(*parsed));
    return location;
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    // Read by storage::ParsePostgresUrl when the store opens, which names what is wrong in it.
    location.kind = StoreLocation::Kind::kPostgres;
    location.postgres_uri = std::string(url);
    return location;
  }
  if (scheme == "memory") {
    if (!parsed->encoded_authority().empty() || !parsed->path().empty() || parsed->has_query() ||
        parsed->has_fragment()) {
      return InvalidInput("store URL '" + std::string(url) + "': memory:// takes nothing else");
    }
    location.kind = StoreLocation::Kind::kMemory;
    return location;
  }
  return InvalidInput("unknown store URL '" + std::string(url) + "': " + kUsage);
}

std::string DescribeStore(const StoreLocation& location) {
  switch (location.kind) {
    case StoreLocation::Kind::kSqlite:
      return "sqlite://" + location.sqlite_path.string();
    case StoreLocation::Kind::kMemory:
      return "memory://";
    case StoreLocation::Kind::kPostgres: {
      // postgresql://user:secret@host/db?password=secret -> postgresql://user:***@host/db?...=***
      boost::system::result<boost::urls::url> url = ParseOperatorUrl(location.postgres_uri);
      if (!url) return "a malformed PostgreSQL URL";
      bool masked = false;
      if (url->has_password()) {
        url->set_password("***");
        masked = true;
      }
      boost::urls::params_ref params = url->params();
      for (auto it = params.begin(); it != params.end(); ++it) {
        if ((*it).key == "password") {
          it = params.set(it, "***");
          masked = true;
        }
      }
      return masked ? std::string(url->buffer()) : location.postgres_uri;
    }
  }
  return "an unknown store";
}

}  // namespace cartd
