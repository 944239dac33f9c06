// The cartd binary as a process, for tests of what only a process has: flags, environment,
// config files, signals, exit codes and the log on standard error.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/testing/temp_dir.h"

namespace cartd::test {

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal (or not started)
  std::string out;
  std::string err;
};

// The environment a test gives cartd and cartctl: this process's environment without its CARTD_*
// and CARTCTL_* variables (the test runner sets some), plus `extra`.
std::vector<std::string> ChildEnvironment(const std::map<std::string, std::string>& extra);

// Runs `binary` with `args` to completion and captures its output.
RunResult RunToCompletion(const std::string& binary, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

// A `cartd serve` running in the background: standard output on a pipe (the banner), standard
// error appended to `log_file`. Killed (SIGKILL) and reaped on destruction if still running.
class CartdProcess {
 public:
  // Starts `binary` `args...`; started() says whether it is running.
  CartdProcess(const std::string& binary, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env,
               const std::filesystem::path& log_file);
  ~CartdProcess();
  CartdProcess(const CartdProcess&) = delete;
  CartdProcess& operator=(const CartdProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // Reads the banner's first line ("cartd listening on http://127.0.0.1:PORT") and returns the
  // port, or nullopt when the process ends (or prints something else) first.
  std::optional<std::uint16_t> WaitUntilListening();

  // The next line of standard output without its newline; nullopt at its end.
  std::optional<std::string> ReadLine();

  void Signal(int signal_number);
  // Waits for the process to end; its exit code, or -1 when a signal ended it.
  int Wait();

  // The log file's whole text so far.
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  std::string buffer_;
  std::filesystem::path log_file_;
};

}  // namespace cartd::test
