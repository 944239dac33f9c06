// SecondFormatter: whole UTC seconds through strftime, remembering the last second it formatted,
// for code that stamps the current time on every request (the HTTP Date header, log lines) and
// would otherwise call gmtime_r and strftime each time.
#pragma once

#include <ctime>
#include <limits>
#include <string>

namespace cartd {

// Not thread-safe: keep one per thread (thread_local).
class SecondFormatter {
 public:
  // `format`: a strftime format of static storage duration.
  explicit SecondFormatter(const char* format) : format_(format) {}

  // `second` (since the epoch) in UTC, in the format.
  const std::string& Format(std::time_t second) {
    if (second != second_) {
      std::tm tm{};
      gmtime_r(&second, &tm);
      char buffer[64];
      text_.assign(buffer, std::strftime(buffer, sizeof buffer, format_, &tm));
      second_ = second;
    }
    return text_;
  }

 private:
  const char* format_;
  std::time_t second_ = std::numeric_limits<std::time_t>::min();
  std::string text_;
};

}  // namespace cartd
