// What a PostgreSQL SQLSTATE (the five-character error code of a server error) means to the
// PostgreSQL store: which cartd::ErrorCode it becomes, and whether the failed transaction may
// simply be run again.
#pragma once

#include <string_view>

#include "common/status.h"

namespace cartd::storage::postgres {

// The ErrorCode for a server error:
//   23505 unique_violation                         kConflict (callers that give a taken key a more
//                                                  specific meaning detect it before this)
//   40001 serialization_failure, 40P01 deadlock    kUnavailable (after the store's own retries)
//   08xxx connection exceptions                    kUnavailable
//   53xxx insufficient resources (disk full, too many connections, out of memory)
//                                                  kUnavailable
//   57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting, stopping,
//   recovering), 57014 query_canceled (statement_timeout), 55P03 lock_not_available,
//   25006 read_only_sql_transaction (a standby, e.g. during a failover)
//                                                  kUnavailable: a later retry may succeed
//   anything else (syntax, undefined table, check violations, data exceptions, ...)
//                                                  kInternal: a bug or a broken schema
// `sql_state` that is not five characters (a client-side failure carries none) is kInternal.
ErrorCode ErrorCodeForSqlState(std::string_view sql_state);

// True for 40001 and 40P01: the server rolled the transaction back because of concurrent
// transactions, and running it again is expected to succeed.
bool IsTransientSqlState(std::string_view sql_state);

}  // namespace cartd::storage::postgres
