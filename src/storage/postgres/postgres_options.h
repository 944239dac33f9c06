// How the PostgreSQL store connects, and how those settings are read from a store URL.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cartd::storage {

struct PostgresOptions {
  // A libpq connection URI: postgresql://[user[:password]@][host][:port][/database][?param=...]
  // (postgres:// too), with any of libpq's parameters (sslmode, application_name, options, ...).
  std::string uri;
  // The most connections the store keeps open. A call holds one for its duration, so this bounds
  // how many store calls of one node run at once; the server's max_connections must cover every
  // node's pool (docs/scale-out.md). At least 1.
  int pool_size = 16;
  // How long opening a connection (TCP, TLS, login, session setup) may take. This is what bounds
  // a call while the server is unreachable.
  std::chrono::milliseconds connect_timeout{2000};
  // The server-side statement_timeout of the store's sessions; the client waits for an answer
  // this plus one second at most, then gives the connection up.
  std::chrono::milliseconds statement_timeout{5000};
  // How long a call waits for a free connection when all pool_size are in use.
  std::chrono::milliseconds pool_timeout{5000};
  // How long applying the migrations at open may take, waiting for another node's included.
  std::chrono::milliseconds migration_timeout{std::chrono::minutes(5)};
};

// The options for a store URL. The URL is handed to libpq as it is (with the characters a URL
// cannot hold, such as spaces, percent-encoded: libpq decodes them), except for these query
// parameters, which cartd takes out and applies itself:
//   pool_size=N               PostgresOptions::pool_size
//   connect_timeout=T         a number of seconds (libpq's own parameter and unit) or a duration
//   statement_timeout=T       a number of milliseconds (PostgreSQL's unit) or a duration
//   pool_timeout=T            a number of milliseconds or a duration
// where a duration is written as cartd's other settings are ("1500ms", "2s", "1m30s"), positive
// and at most a day. Parameters not given keep the defaults above. Other libpq parameters are
// checked when the store connects.
// Parameter names and values are percent-decoded, as libpq reads its own.
// Errors: kInvalidInput naming the parameter when its value is out of range or malformed, or it
// is given twice; kInvalidInput when the URL is malformed (common/url.h).
StatusOr<PostgresOptions> ParsePostgresUrl(std::string_view url);

}  // namespace cartd::storage
