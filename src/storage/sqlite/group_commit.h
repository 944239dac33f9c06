// Group commit for the SQLite store: one writer thread owns the only read-write connection and
// commits the writes of many callers together, so that durability (one fsync per COMMIT with
// synchronous=FULL) does not cap throughput at one fsync per write.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/status.h"
#include "storage/sqlite/sqlite_connection.h"

namespace cartd::storage::sqlite {

// Counters of a GroupCommitWriter. counters() returns them as one consistent snapshot: a write
// is counted in exactly one of queued, in_flight and writes (or has failed).
struct GroupCommitCounters {
  std::uint64_t writes = 0;               // writes answered from committed transactions
  std::uint64_t transactions = 0;         // committed transactions
  std::uint64_t failed_transactions = 0;  // transactions that could not begin or commit
  std::uint64_t last_batch_size = 0;      // writes in the most recent committed transaction
  std::uint64_t queued = 0;               // writes waiting for the writer thread
  std::uint64_t in_flight = 0;            // writes in the transaction being run now
};

// Runs submitted writes on its own thread, in batches: the writer takes every queued write (up to
// `max_batch_writes`) into one transaction, gives each its own SAVEPOINT so that a failing write is
// undone alone, COMMITs once and then answers every caller.
//
// Thread-safe: Submit() may be called from any number of threads. Destruction drains the queue
// (every submitted write is answered) and then closes the connection.
class GroupCommitWriter {
 public:
  // A write: runs on the writer thread inside its own savepoint, with the connection. OK keeps its
  // changes; any other status undoes them and is returned to the caller as is.
  using WriteFn = std::function<Status(Connection&)>;

  // Takes ownership of `db` (a read-write connection, not in a transaction) and starts the thread.
  // REQUIRES: max_batch_writes >= 1.
  GroupCommitWriter(std::unique_ptr<Connection> db, int max_batch_writes);
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;
  ~GroupCommitWriter();

  // Runs `write` in the next transaction and returns once that transaction is durable (with the
  // status `write` returned) or has failed. `write` is not copied: it must stay valid until
  // Submit() returns, which it does because Submit() waits.
  // Errors: those of `write`, and for every write of a transaction that cannot begin, or whose
  // savepoint handling or COMMIT fails: kUnavailable (busy, I/O, disk full) or kInternal, with
  // nothing of the transaction stored. kUnavailable when the writer is shutting down.
  Status Submit(const WriteFn& write);

  GroupCommitCounters counters() const;

 private:
  // Lives on the submitting caller's stack until answered.
  struct Pending {
    const WriteFn* write;
    Status result;      // guarded by mutex_
    bool done = false;  // guarded by mutex_
  };

  void Run();
  void RunBatch(std::deque<Pending*>& batch);
  // Runs one write inside its savepoint. Returns the write's status in `result`; a non-OK return
  // value means the transaction itself is broken and the whole batch must fail.
  Status RunOne(const WriteFn& write, Status* result);

  const std::unique_ptr<Connection> db_;  // used only by thread_ after construction
  const std::size_t max_batch_writes_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the writer: work queued, or stopping
  std::condition_variable answered_;  // callers: a batch was answered, or a caller left
  std::deque<Pending*> queue_;        // guarded by mutex_
  bool stopping_ = false;             // guarded by mutex_
  int callers_ = 0;                   // callers inside Submit(); guarded by mutex_

  GroupCommitCounters counters_;  // guarded by mutex_

  std::thread thread_;  // last: started after every member above is initialised
};

}  // namespace cartd::storage::sqlite
