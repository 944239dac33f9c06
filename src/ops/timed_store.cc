#include "ops/timed_store.h"

#include <chrono>
#include <utility>

namespace cartd::ops {

TimedStore::TimedStore(std::unique_ptr<CartStore> inner, Family<Histogram>& commit_seconds)
    : CartStoreWrapper(std::move(inner)),
      ok_(commit_seconds.Get({"ok"})),
      conflict_(commit_seconds.Get({"conflict"})),
      already_exists_(commit_seconds.Get({"already_exists"})),
      error_(commit_seconds.Get({"error"})) {}

Status TimedStore::Commit(const CartWrite& write) {
  const auto started = std::chrono::steady_clock::now();
  Status status = CartStoreWrapper::Commit(write);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  switch (status.code()) {
    case ErrorCode::kOk:
      ok_.Observe(seconds);
      break;
    case ErrorCode::kConflict:
      conflict_.Observe(seconds);
      break;
    case ErrorCode::kAlreadyExists:
      already_exists_.Observe(seconds);
      break;
    case ErrorCode::kStorageQuotaExceeded:
      // Refused before anything reached the store (cartd_partner_quota_refusals_total counts it).
      break;
    default:
      error_.Observe(seconds);
      break;
  }
  return status;
}

}  // namespace cartd::ops
