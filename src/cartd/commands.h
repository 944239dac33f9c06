// The subcommands of the cartd binary. Each Add* registers its subcommand on `app`; when the
// subcommand runs, its callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace cartd {

void AddServeCommand(CLI::App& app, int& exit_code);
void AddTokenCommand(CLI::App& app, int& exit_code);
void AddAdminCommand(CLI::App& app, int& exit_code);

}  // namespace cartd
