// Runs programs for end-to-end tests: to completion with their output captured, or in the
// background with their standard output readable line by line.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace partnercenter::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when the process could not be started or was killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` (argv[0] is a path) with this process's environment minus every variable whose name
// starts with one of `drop_prefixes`, plus `env`; waits for it and returns its exit code and
// output.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         const std::vector<std::string>& drop_prefixes = {});

// A process running in the background; terminated (SIGTERM, then waited for) on destruction.
class BackgroundProcess {
 public:
  // Starts `argv` with standard output on a pipe and standard error appended to `stderr_file`.
  // started() says whether that worked.
  BackgroundProcess(const std::vector<std::string>& argv, const std::string& stderr_file);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // The next line of standard output, without its newline; "" at end of output.
  std::string ReadLine();
  // Sends SIGTERM and waits; returns the exit code (-1 when killed by a signal).
  int Terminate();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  bool terminated_ = false;
};

}  // namespace partnercenter::testing
