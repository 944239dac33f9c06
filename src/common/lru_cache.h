// LruCache: a thread-safe map of shared, immutable values bounded by the bytes they take, which
// drops the least recently used entries to make room. For caches on the request path: the keys are
// spread over shards, each with its own lock and share of the capacity, so that threads working on
// different keys rarely wait for each other.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cartd {

// Thread-safe. Values are handed out as shared pointers, so a value found stays valid however the
// cache changes afterwards.
template <typename Value>
class LruCache {
 public:
  // `capacity_bytes` 0: keeps nothing (every Find misses).
  explicit LruCache(std::size_t capacity_bytes, std::size_t shards = 8)
      : shard_capacity_(capacity_bytes / shards), shards_(shards) {}

  // The value under `key`, or nullptr; marks it recently used.
  std::shared_ptr<const Value> Find(std::string_view key) {
    if (shard_capacity_ == 0) return nullptr;
    Shard& shard = ShardOf(key);
    std::lock_guard lock(shard.mutex);
    const auto found = shard.index.find(key);
    if (found == shard.index.end()) return nullptr;
    shard.recency.splice(shard.recency.begin(), shard.recency, found->second);
    return found->second->value;
  }

  // Keeps `value` under `key`, replacing what was kept there, and counts it as `bytes` (besides
  // the key) against the capacity. A value larger than a shard's share of the capacity is not
  // kept (and what was kept under `key` is dropped).
  void Put(std::string key, std::shared_ptr<const Value> value, std::size_t bytes) {
    if (shard_capacity_ == 0) return;
    bytes += key.size();
    Shard& shard = ShardOf(key);
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.index.find(key); found != shard.index.end()) {
      Remove(shard, found->second);
    }
    if (bytes > shard_capacity_) return;
    while (!shard.recency.empty() && shard.bytes + bytes > shard_capacity_) {
      Remove(shard, std::prev(shard.recency.end()));
    }
    shard.recency.push_front(Node{std::move(key), std::move(value), bytes});
    try {
      shard.index.emplace(shard.recency.front().key, shard.recency.begin());
    } catch (...) {
      shard.recency.pop_front();
      throw;
    }
    shard.bytes += bytes;
  }

  void Erase(std::string_view key) {
    if (shard_capacity_ == 0) return;
    Shard& shard = ShardOf(key);
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.index.find(key); found != shard.index.end()) {
      Remove(shard, found->second);
    }
  }

  void Clear() {
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      shard.index.clear();
      shard.recency.clear();
      shard.bytes = 0;
    }
  }

  // What is kept now, as counted against the capacity.
  std::size_t bytes() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      total += shard.bytes;
    }
    return total;
  }

  std::size_t size() const {
    std::size_t total = 0;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      total += shard.index.size();
    }
    return total;
  }

 private:
  struct Node {
    std::string key;
    std::shared_ptr<const Value> value;
    std::size_t bytes = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Node> recency;  // most recently used first; nodes never move in memory
    std::unordered_map<std::string_view, typename std::list<Node>::iterator> index;  // of Node::key
    std::size_t bytes = 0;
  };

  Shard& ShardOf(std::string_view key) {
    return shards_[std::hash<std::string_view>{}(key) % shards_.size()];
  }

  static void Remove(Shard& shard, typename std::list<Node>::iterator node) {
    shard.bytes -= node->bytes;
    shard.index.erase(node->key);
    shard.recency.erase(node);
  }

  std::size_t shard_capacity_;
  std::vector<Shard> shards_;
};

}  // namespace cartd
