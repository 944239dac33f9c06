// cartctl's commands for cartd's stand-in controls (docs/controls.md), on the SDK's StandIn client
// (partnercenter/stand_in.h):
//
//   clock [show] | clock advance DURATION | clock set TIME
//   faults add [--operation OP] [--partner ID] [--customer ID] [--action error|delay|drop]
//              [--status N] [--code N] [--description TEXT] [--retry-after SECONDS]
//              [--delay DURATION] [--count N] [--probability P]
//   faults list | faults clear [ID]
//   requests tail [--limit N] [--partner ID] [--customer ID] [--since TIME] [--follow]
//                 [--interval DURATION]
//   requests clear
//   reset [--empty]
//   fixtures load FILE
//   token mint --tenant ID (--user ID | --app ID) [--ttl DURATION]
//   customers list [--partner ID]
//
// They need the control token, not a partner's token, and no customer.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <ostream>

#include "partnercenter/stand_in.h"

namespace cartctl {

// Where a control command writes, and how.
struct ControlOutput {
  std::ostream& out;
  std::ostream& err;
  bool json = false;
};

using ControlAction =
    std::function<int(const partnercenter::StandIn& stand_in, const ControlOutput& output)>;

// Registers the commands on `app`. After app.parse(), action() is the command chosen, when it was
// one of these (empty otherwise). Not copyable or movable: the commands' callbacks refer to it.
class ControlCommands {
 public:
  explicit ControlCommands(CLI::App& app);
  ~ControlCommands();
  ControlCommands(const ControlCommands&) = delete;
  ControlCommands& operator=(const ControlCommands&) = delete;

  const ControlAction& action() const { return action_; }

 private:
  struct Flags;
  std::unique_ptr<Flags> flags_;
  ControlAction action_;
};

}  // namespace cartctl
