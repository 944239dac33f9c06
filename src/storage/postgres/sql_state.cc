#include "storage/postgres/sql_state.h"

namespace cartd::storage::postgres {

ErrorCode ErrorCodeForSqlState(std::string_view sql_state) {
  if (sql_state.size() != 5) return ErrorCode::kInternal;
  if (sql_state == "23505") return ErrorCode::kConflict;
  if (IsTransientSqlState(sql_state)) return ErrorCode::kUnavailable;
  const std::string_view error_class = sql_state.substr(0, 2);
  if (error_class == "08" || error_class == "53") return ErrorCode::kUnavailable;
  if (sql_state == "57P01" || sql_state == "57P02" || sql_state == "57P03" ||
      sql_state == "57014" || sql_state == "55P03" || sql_state == "25006") {
    return ErrorCode::kUnavailable;
  }
  return ErrorCode::kInternal;
}

bool IsTransientSqlState(std::string_view sql_state) {
  return sql_state == "40001" || sql_state == "40P01";
}

}  // namespace cartd::storage::postgres
