// Sweeper: the background round that keeps a node's store tidy. Every `interval` it records the
// completion of orders whose provisioning delay has passed (OrderService::CompleteDueOrders), and
// deletes carts that expired more than `grace` ago and idempotent replies past their retention
// (CartService::Sweep), in bounded rounds so that a large backlog never holds the store's writer
// for long. Time is the services' clock, so a test (or the stand-in's clock control) that moves
// the clock moves what is swept.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "domain/cart_service.h"
#include "domain/order_service.h"
#include "ops/event_log.h"

namespace cartd::ops {

struct SweeperOptions {
  // How often a sweep runs.
  std::chrono::milliseconds interval{60'000};
  // How long an expired cart is kept (answering 404 "expired") before it is deleted.
  Ticks grace = std::chrono::hours(1);
  // The most rows one round deletes; rounds repeat until one deletes fewer.
  int round = 500;
};

// Starts its thread when constructed; Stop (or destruction) ends it. Thread-safe.
class Sweeper {
 public:
  // The services must outlive the sweeper; `log` may be null (nothing is logged).
  Sweeper(CartService& carts, OrderService& orders, SweeperOptions options,
          std::shared_ptr<EventLog> log);
  ~Sweeper();
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  // Sweeps now, on the calling thread, until nothing is left to complete or delete. Returns the
  // rows changed. Errors: those of the services (kUnavailable, kInternal).
  StatusOr<int> SweepNow();

  // Makes the thread sweep now instead of at the end of its interval (the stand-in's clock moved).
  // Does not wait for the sweep.
  void Wake();

  // Ends the thread (after a sweep in progress). Idempotent.
  void Stop();

 private:
  void Run();

  CartService& carts_;
  OrderService& orders_;
  const SweeperOptions options_;
  const std::shared_ptr<EventLog> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool woken_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace cartd::ops
