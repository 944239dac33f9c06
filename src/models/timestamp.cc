#include "models/timestamp.h"

#include <charconv>
#include <cstdint>

namespace partnercenter {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kTicksPerDay = kTicksPerSecond * 86'400;
constexpr int kFractionDigits = 7;

char* WriteDigits(char* out, std::int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `width` digits at `pos`.
bool ReadDigits(std::string_view text, std::size_t& pos, int width, int& value) {
  if (pos + static_cast<std::size_t>(width) > text.size()) {
    return false;
  }
  value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + static_cast<std::size_t>(i)];
    if (!IsDigit(c)) {
      return false;
    }
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(width);
  return true;
}

bool Expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

namespace models {

std::size_t FormatTimestampTo(Timestamp t, char (&out)[kTimestampBufferSize]) {
  // Integer arithmetic rather than floor<days>(t): converting the floored day back to ticks
  // overflows for instants near Timestamp::min().
  std::int64_t day_count = t.time_since_epoch().count() / kTicksPerDay;
  std::int64_t ticks_of_day = t.time_since_epoch().count() % kTicksPerDay;
  if (ticks_of_day < 0) {
    ticks_of_day += kTicksPerDay;
    --day_count;
  }
  const std::chrono::year_month_day ymd{std::chrono::sys_days(days(day_count))};
  const std::int64_t seconds_of_day = ticks_of_day / kTicksPerSecond;
  const std::int64_t fraction = ticks_of_day % kTicksPerSecond;

  char* p = out;
  const int year = static_cast<int>(ymd.year());
  if (year >= 0 && year <= 9999) {
    p = WriteDigits(p, year, 4);
  } else {
    // Cannot come from ParseTimestamp; written legibly rather than truncated.
    p = std::to_chars(p, out + 8, year).ptr;
  }
  *p++ = '-';
  p = WriteDigits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = WriteDigits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = WriteDigits(p, seconds_of_day / 3600, 2);
  *p++ = ':';
  p = WriteDigits(p, seconds_of_day / 60 % 60, 2);
  *p++ = ':';
  p = WriteDigits(p, seconds_of_day % 60, 2);
  *p++ = '.';
  p = WriteDigits(p, fraction, kFractionDigits);
  *p++ = 'Z';
  return static_cast<std::size_t>(p - out);
}

}  // namespace models

std::string FormatTimestamp(Timestamp t) {
  char buffer[models::kTimestampBufferSize];
  return std::string(buffer, models::FormatTimestampTo(t, buffer));
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  std::size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(static_cast<unsigned>(month)),
                                        std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  Timestamp result = std::chrono::sys_days(ymd);
  if (pos == text.size()) {
    return result;
  }

  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') {
    return std::nullopt;
  }
  ++pos;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second) || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  result += hours(hour) + minutes(minute) + seconds(second);

  if (Expect(text, pos, '.')) {
    std::int64_t fraction = 0;
    int digits = 0;
    while (pos < text.size() && IsDigit(text[pos])) {
      // Digits past the seventh are below the 100 ns resolution: read and dropped.
      if (digits < kFractionDigits) {
        fraction = fraction * 10 + (text[pos] - '0');
      }
      ++digits;
      ++pos;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (int i = digits; i < kFractionDigits; ++i) {
      fraction *= 10;
    }
    result += Ticks(fraction);
  }

  if (pos == text.size()) {
    return result;
  }
  if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
    return result;
  }
  if (text[pos] != '+' && text[pos] != '-') {
    return std::nullopt;
  }
  const bool ahead_of_utc = text[pos] == '+';
  ++pos;
  int offset_hours = 0;
  int offset_minutes = 0;
  if (!ReadDigits(text, pos, 2, offset_hours) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, offset_minutes) || pos != text.size() || offset_hours > 23 ||
      offset_minutes > 59) {
    return std::nullopt;
  }
  const auto offset = hours(offset_hours) + minutes(offset_minutes);
  const Timestamp utc = ahead_of_utc ? result - offset : result + offset;
  // An offset can carry the instant out of the four-digit years ("9999-12-31T23:00:00-02:00"),
  // which FormatTimestamp would write in a form this function does not read.
  const Timestamp earliest = std::chrono::sys_days(std::chrono::year(0) / 1 / 1);
  const Timestamp latest = std::chrono::sys_days(std::chrono::year(10000) / 1 / 1) - Ticks(1);
  if (utc < earliest || utc > latest) {
    return std::nullopt;
  }
  return utc;
}

}  // namespace partnercenter
