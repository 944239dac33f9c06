#include "storage/common/migration.h"

#include <string>

namespace cartd::storage {

Status CheckMigrationNumbering(std::span<const Migration> migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Internal("migration " + std::string(migrations[i].name) + " is number " +
                      std::to_string(migrations[i].version) + ", expected " +
                      std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

}  // namespace cartd::storage
