#include "ops/event_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/testing/lines_sink.h"

namespace cartd::ops {
namespace {

using test::LinesSink;

std::string EventOf(const std::string& line) {
  return std::string(boost::json::parse(line).at("event").as_string());
}

TEST(EventLogTest, WritesJsonLinesAtOrAboveTheLevel) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.level = LogLevel::kInfo, .async = false}, sink);
  EXPECT_FALSE(log->Enabled(LogLevel::kDebug));
  EXPECT_TRUE(log->Enabled(LogLevel::kInfo));
  log->Event(LogLevel::kDebug, "hidden");
  log->Event(LogLevel::kInfo, "shown", {{"k", "v"}});
  log->Event(LogLevel::kError, "bad");
  const std::vector<std::string> lines = sink->Lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].back(), '\n');
  const boost::json::value first = boost::json::parse(lines[0]);
  EXPECT_EQ(first.at("event").as_string(), "shown");
  EXPECT_EQ(first.at("level").as_string(), "info");
  EXPECT_EQ(first.at("k").as_string(), "v");
  EXPECT_EQ(boost::json::parse(lines[1]).at("level").as_string(), "error");
}

TEST(EventLogTest, OffWritesNothing) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.level = LogLevel::kOff, .async = false}, sink);
  log->Event(LogLevel::kError, "x");
  EXPECT_FALSE(log->Enabled(LogLevel::kOff));
  EXPECT_TRUE(sink->Lines().empty());
}

TEST(EventLogTest, HeldLinesComeOutInOrderOnRelease) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.async = false}, sink);
  log->Hold();
  log->Event(LogLevel::kInfo, "one");
  log->Event(LogLevel::kInfo, "two");
  EXPECT_TRUE(sink->Lines().empty());
  log->Release();
  log->Event(LogLevel::kInfo, "three");
  const std::vector<std::string> lines = sink->Lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(EventOf(lines[0]), "one");
  EXPECT_EQ(EventOf(lines[1]), "two");
  EXPECT_EQ(EventOf(lines[2]), "three");
}

// Polls until `sink` holds `count` lines; false after a generous deadline (a lost line).
bool AwaitLines(LinesSink& sink, std::size_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (sink.Lines().size() < count) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(EventLogTest, AsyncLogWritesLinesWhileOpen) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.async = true}, sink);
  log->Event(LogLevel::kInfo, "quiet");
  ASSERT_TRUE(AwaitLines(*sink, 1));
  log->Event(LogLevel::kError, "loud");
  ASSERT_TRUE(AwaitLines(*sink, 2));
  const std::vector<std::string> lines = sink->Lines();
  EXPECT_EQ(EventOf(lines[0]), "quiet");
  EXPECT_EQ(EventOf(lines[1]), "loud");
}

TEST(EventLogTest, AsyncLogWritesBatchesNotLines) {
  auto sink = std::make_shared<LinesSink>();
  constexpr int kLines = 2000;
  {
    auto log = EventLog::CreateWithSink({.async = true}, sink);
    for (int i = 0; i < kLines; ++i) log->Event(LogLevel::kInfo, "n");
  }
  EXPECT_EQ(sink->Lines().size(), static_cast<std::size_t>(kLines));
  // One Write per line would be kLines; batches hold many lines each.
  EXPECT_LT(sink->Writes(), kLines / 2);
}

TEST(EventLogTest, HeldLinesReachTheSinkInOneWrite) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.async = false}, sink);
  log->Hold();
  for (int i = 0; i < 5; ++i) log->Event(LogLevel::kInfo, "held");
  log->Release();
  EXPECT_EQ(sink->Lines().size(), 5u);
  EXPECT_EQ(sink->Writes(), 1);
}

TEST(EventLogTest, AsyncLogWritesEverythingBeforeItCloses) {
  auto sink = std::make_shared<LinesSink>();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  {
    auto log = EventLog::CreateWithSink({.async = true}, sink);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < kPerThread; ++i) {
          LogLine line = log->Line(LogLevel::kInfo, "n");
          line.AddInt("t", t).AddInt("i", i);
          log->Write(LogLevel::kInfo, std::move(line));
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  const std::vector<std::string> lines = sink->Lines();
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(kThreads * kPerThread));
  // Each thread's lines keep their order.
  std::vector<std::int64_t> next(kThreads, 0);
  for (const std::string& line : lines) {
    const boost::json::value parsed = boost::json::parse(line);
    const std::int64_t t = parsed.at("t").as_int64();
    ASSERT_EQ(parsed.at("i").as_int64(), next[t]);
    ++next[t];
  }
}

TEST(EventLogTest, TextFormat) {
  auto sink = std::make_shared<LinesSink>();
  auto log = EventLog::CreateWithSink({.format = LogFormat::kText, .async = false}, sink);
  log->Event(LogLevel::kWarn, "careful", {{"why", "a b"}});
  const std::vector<std::string> lines = sink->Lines();
  ASSERT_EQ(lines.size(), 1u);
  // "<time> warn careful why="a b"\n"
  EXPECT_EQ(lines[0].substr(24), " warn careful why=\"a b\"\n");
}

// A pipe whose read end another thread drains into a string.
class PipeReader {
 public:
  PipeReader() {
    EXPECT_EQ(pipe(fds_), 0);
    reader_ = std::thread([this] {
      char buffer[4096];
      ssize_t got;
      while ((got = read(fds_[0], buffer, sizeof buffer)) > 0) {
        text_.append(buffer, static_cast<std::size_t>(got));
      }
    });
  }
  ~PipeReader() {
    if (fds_[1] >= 0) close(fds_[1]);
    if (reader_.joinable()) reader_.join();
    close(fds_[0]);
  }
  int write_fd() const { return fds_[1]; }
  // Closes the write end and returns everything read once the reader saw its end.
  std::string Finish() {
    close(fds_[1]);
    fds_[1] = -1;
    reader_.join();
    return text_;
  }

 private:
  int fds_[2] = {-1, -1};
  std::thread reader_;
  std::string text_;
};

// `count` lines "<tag> <i> xxx...\n", `width` bytes each.
std::string Batch(char tag, int count, std::size_t width) {
  std::string lines;
  for (int i = 0; i < count; ++i) {
    std::string line = std::string(1, tag) + " " + std::to_string(i) + " ";
    line.resize(width - 1, 'x');
    lines += line + "\n";
  }
  return lines;
}

TEST(FdLogSinkTest, WritesABatchLargerThanThePipeWhole) {
  PipeReader pipe;
  const std::string batch = Batch('a', 4000, 256);  // 1 MB, pipes take 64 KiB at a time
  FdLogSink(pipe.write_fd()).Write(batch);
  EXPECT_EQ(pipe.Finish(), batch);
}

TEST(FdLogSinkTest, WaitsForANonBlockingDescriptorInsteadOfDroppingLines) {
  PipeReader pipe;
  ASSERT_EQ(fcntl(pipe.write_fd(), F_SETFL, O_NONBLOCK), 0);
  const std::string batch = Batch('b', 4000, 256);
  FdLogSink(pipe.write_fd()).Write(batch);  // EAGAIN many times over
  EXPECT_EQ(pipe.Finish(), batch);
}

TEST(FdLogSinkTest, ConcurrentWritesComeOutWhole) {
  PipeReader pipe;
  FdLogSink sink(pipe.write_fd());
  constexpr int kThreads = 4;
  constexpr int kBatches = 50;
  // Each batch is larger than PIPE_BUF, so the kernel alone would not keep it in one piece.
  std::vector<std::string> batches;
  for (int t = 0; t < kThreads; ++t) batches.push_back(Batch(static_cast<char>('a' + t), 64, 128));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&sink, &batches, t] {
      for (int b = 0; b < kBatches; ++b) sink.Write(batches[t]);
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string written = pipe.Finish();
  std::string_view text = written;
  ASSERT_EQ(text.size(), kThreads * kBatches * batches[0].size());
  std::vector<int> seen(kThreads, 0);
  while (!text.empty()) {
    const int t = text.front() - 'a';
    ASSERT_GE(t, 0);
    ASSERT_LT(t, kThreads);
    ASSERT_EQ(text.substr(0, batches[t].size()), batches[t]);
    text.remove_prefix(batches[t].size());
    ++seen[t];
  }
  EXPECT_EQ(seen, std::vector<int>(kThreads, kBatches));
}

TEST(FdLogSinkTest, GivesUpOnADescriptorThatCannotBeWritten) {
  FdLogSink(-1).Write("lost\n");  // EBADF: returns rather than retrying for ever
}

TEST(EventLogTest, LevelNames) {
  for (LogLevel level : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                         LogLevel::kError, LogLevel::kOff}) {
    EXPECT_EQ(ParseLogLevel(LogLevelName(level)), level);
  }
  EXPECT_EQ(ParseLogLevel("INFO"), std::nullopt);
  EXPECT_EQ(ParseLogLevel("warning"), std::nullopt);
}

}  // namespace
}  // namespace cartd::ops
