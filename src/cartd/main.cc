// cartd: a Partner Center–compatible cart service. `cartd --help` lists the subcommands.
#include <CLI/CLI.hpp>

#include "cartd/commands.h"

int main(int argc, char** argv) {
  CLI::App app("cartd: a Partner Center-compatible cart service", "cartd");
  app.require_subcommand(1);
  int exit_code = 0;
  cartd::AddServeCommand(app, exit_code);
  cartd::AddTokenCommand(app, exit_code);
  cartd::AddAdminCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
