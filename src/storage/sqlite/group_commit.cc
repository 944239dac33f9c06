#include "storage/sqlite/group_commit.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace cartd::storage::sqlite {
namespace {

// A write's own failure is the caller's business, but a failure of the transaction around it is
// reported to every write of the batch, as kUnavailable when retrying may help, else kInternal.
Status BatchFailure(const Status& cause, std::size_t batch_size) {
  ErrorCode code =
      cause.code() == ErrorCode::kUnavailable ? ErrorCode::kUnavailable : ErrorCode::kInternal;
  return Status(code, "group transaction of " + std::to_string(batch_size) +
                          " writes failed, nothing of it was stored: " + cause.ToString());
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> db, int max_batch_writes)
    : db_(std::move(db)),
      max_batch_writes_(static_cast<std::size_t>(max_batch_writes)),
      thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  // Answered callers may still be waking up; the mutex and condition variables they use must
  // outlive them.
  std::unique_lock lock(mutex_);
  answered_.wait(lock, [this] { return callers_ == 0; });
}

Status GroupCommitWriter::Submit(const WriteFn& write) {
  Pending pending{&write, Status::Ok()};
  std::unique_lock lock(mutex_);
  if (stopping_) return Unavailable("the store is shutting down");
  queue_.push_back(&pending);
  ++counters_.queued;
  ++callers_;
  // Notified under the lock so that the destructor cannot run between queueing and notifying.
  wake_.notify_one();
  answered_.wait(lock, [&pending] { return pending.done; });
  Status result = std::move(pending.result);
  if (--callers_ == 0 && stopping_) answered_.notify_all();
  return result;
}

GroupCommitCounters GroupCommitWriter::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void GroupCommitWriter::Run() {
  std::deque<Pending*> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Stopping still drains: every queued write gets its answer before the thread ends.
      if (queue_.empty()) return;
      while (!queue_.empty() && batch.size() < max_batch_writes_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      counters_.queued -= batch.size();
      counters_.in_flight = batch.size();
    }
    RunBatch(batch);
    batch.clear();
  }
}

void GroupCommitWriter::RunBatch(std::deque<Pending*>& batch) {
  std::vector<Status> results(batch.size());
  Status transaction = db_->Run("BEGIN IMMEDIATE", "begin");
  for (std::size_t i = 0; transaction.ok() && i < batch.size(); ++i) {
    transaction = RunOne(*batch[i]->write, &results[i]);
  }
  if (transaction.ok()) transaction = db_->Run("COMMIT", "commit");

  if (!transaction.ok()) {
    if (db_->InTransaction()) {
      // A failed ROLLBACK leaves nothing more to report; SQLite has already failed the batch.
      (void)db_->Run("ROLLBACK", "roll back");
    }
    Status failure = BatchFailure(transaction, batch.size());
    for (Status& result : results) result = failure;
  }

  {
    std::lock_guard lock(mutex_);
    counters_.in_flight = 0;
    if (transaction.ok()) {
      counters_.writes += batch.size();
      ++counters_.transactions;
      counters_.last_batch_size = batch.size();
    } else {
      ++counters_.failed_transactions;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = std::move(results[i]);
      batch[i]->done = true;
    }
  }
  answered_.notify_all();
}

Status GroupCommitWriter::RunOne(const WriteFn& write, Status* result) {
  CARTD_RETURN_IF_ERROR(db_->Run("SAVEPOINT write", "open savepoint"));
  Status status;
  // Exceptions must not escape the writer thread (it would terminate the process), and a write
  // that threw has undefined progress, so it is undone like any failed write.
  try {
    status = write(*db_);
  } catch (const std::exception& e) {
    status = Internal(std::string("write threw: ") + e.what());
  } catch (...) {
    status = Internal("write threw a non-standard exception");
  }
  if (!db_->InTransaction()) {
    // SQLite rolls the whole transaction back by itself after some errors (I/O, disk full), taking
    // the earlier writes of the batch with it.
    ErrorCode code = status.ok() ? ErrorCode::kInternal : status.code();
    return Status(code, "transaction ended during a write: " + status.message());
  }
  if (status.ok()) {
    CARTD_RETURN_IF_ERROR(db_->Run("RELEASE write", "release savepoint"));
  } else {
    CARTD_RETURN_IF_ERROR(db_->Run("ROLLBACK TO write", "roll back to savepoint"));
    CARTD_RETURN_IF_ERROR(db_->Run("RELEASE write", "release savepoint"));
  }
  *result = std::move(status);
  return Status::Ok();
}

}  // namespace cartd::storage::sqlite
