#include "cartctl/control_commands.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cartctl/cli.h"
#include "cartctl/table.h"

namespace cartctl {

using partnercenter::Error;
using partnercenter::ErrorKind;
using partnercenter::Result;
using partnercenter::StandIn;

struct ControlCommands::Flags {
  std::string clock_advance;
  std::string clock_set;

  std::string fault_operation;
  std::string fault_partner;
  std::string fault_customer;
  std::string fault_action;
  int fault_status = 0;
  int fault_code = 0;
  std::string fault_description;
  int fault_retry_after = 0;
  std::string fault_delay;
  std::int64_t fault_count = 0;
  double fault_probability = 1.0;
  std::string fault_id;
  partnercenter::FaultRule rule;

  int tail_limit = 0;
  std::string tail_partner;
  std::string tail_customer;
  std::string tail_since;
  bool follow = false;
  std::string interval = "1s";
  partnercenter::JournalQuery query;
  std::chrono::milliseconds poll_interval{1000};

  bool reset_empty = false;
  std::string fixtures_file;

  std::string token_tenant;
  std::string token_user;
  std::string token_app;
  std::string token_ttl;
  partnercenter::TokenRequest token_request;

  std::string customers_partner;
};

namespace {

int Fail(const ControlOutput& output, const Error& error) {
  output.err << error.ToString() << '\n';
  return ExitCodeFor(error);
}

// Prints a successful answer as the controls' JSON or as `format` lays it out.
template <typename T>
int Print(const ControlOutput& output, const Result<T>& result, std::string (*format)(const T&)) {
  if (!result.ok()) return Fail(output, result.error());
  if (output.json) {
    output.out << partnercenter::ToJson(*result) << '\n';
  } else {
    output.out << format(*result);
  }
  return kExitOk;
}

// "Removed 2 fault rules" / {"removed": 2}.
int PrintRemoved(const ControlOutput& output, const Result<partnercenter::RemovedCount>& result,
                 const char* singular, const char* plural) {
  if (!result.ok()) return Fail(output, result.error());
  if (output.json) {
    output.out << partnercenter::ToJson(*result) << '\n';
  } else {
    output.out << "Removed " << result->removed << ' ' << (result->removed == 1 ? singular : plural)
               << '\n';
  }
  return kExitOk;
}

std::chrono::milliseconds DurationFlag(const std::string& command, const std::string& flag,
                                       const std::string& text) {
  std::optional<std::chrono::milliseconds> parsed = partnercenter::ParseStandInDuration(text);
  if (!parsed || parsed->count() <= 0) {
    throw CLI::ValidationError(command, flag +
                                            " must be a positive duration such as 2s, 1500ms "
                                            "or PT2S; not '" +
                                            text + "'");
  }
  return *parsed;
}

partnercenter::Timestamp TimeFlag(const std::string& command, const std::string& what,
                                  const std::string& text) {
  std::optional<partnercenter::Timestamp> parsed = partnercenter::ParseTimestamp(text);
  if (!parsed) {
    throw CLI::ValidationError(
        command, what + " must be a UTC time such as 2030-01-01T00:00:00Z; not '" + text + "'");
  }
  return *parsed;
}

// Set by SIGINT while `requests tail --follow` runs.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int) { interrupted.store(true); }

// Installs OnInterrupt for SIGINT while it lives; the previous handling after.
class InterruptScope {
 public:
  InterruptScope() {
    interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptScope() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction previous_ {};
};

// Prints `entries` (oldest first) as JSON lines or fixed-width rows; returns the last sequence.
std::uint64_t PrintFollowed(const ControlOutput& output,
                            const std::vector<partnercenter::JournalEntry>& entries,
                            std::uint64_t last) {
  for (const auto& entry : entries) {
    if (output.json) {
      output.out << partnercenter::ToJson(entry) << '\n';
    } else {
      output.out << FormatJournalLine(entry);
    }
    last = std::max(last, entry.sequence);
  }
  output.out.flush();
  return last;
}

// The entries of `page` newer than `last`, oldest first.
std::vector<partnercenter::JournalEntry> NewerThan(partnercenter::JournalEntryCollection page,
                                                   std::uint64_t last) {
  std::vector<partnercenter::JournalEntry> newer;
  for (auto& entry : page.items) {
    if (entry.sequence > last) newer.push_back(std::move(entry));
  }
  std::reverse(newer.begin(), newer.end());
  return newer;
}

// `requests tail --follow`: the last entries, oldest first, then each new one as it arrives,
// until SIGINT (exit 0) or a failed poll.
int Follow(const StandIn& stand_in, const ControlOutput& output,
           const partnercenter::JournalQuery& query, std::chrono::milliseconds interval) {
  InterruptScope scope;
  Result<partnercenter::JournalEntryCollection> first = stand_in.Requests().Get(query);
  if (!first.ok()) return Fail(output, first.error());
  if (!output.json) output.out << FormatJournalHeader();
  std::uint64_t last = PrintFollowed(output, NewerThan(*std::move(first), 0), 0);

  partnercenter::JournalQuery poll = query;
  poll.limit = 1000;  // the most the service returns: what arrived between two polls
  constexpr std::chrono::milliseconds kTick{50};
  while (!interrupted.load()) {
    for (auto waited = std::chrono::milliseconds(0); waited < interval && !interrupted.load();
         waited += kTick) {
      std::this_thread::sleep_for(std::min(kTick, interval - waited));
    }
    if (interrupted.load()) break;
    Result<partnercenter::JournalEntryCollection> page = stand_in.Requests().Get(poll);
    if (!page.ok()) {
      if (interrupted.load()) break;
      return Fail(output, page.error());
    }
    last = PrintFollowed(output, NewerThan(*std::move(page), last), last);
  }
  return kExitOk;
}

// The contents of `path` ("-": standard input).
std::optional<std::string> ReadFile(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

}  // namespace

ControlCommands::~ControlCommands() = default;

ControlCommands::ControlCommands(CLI::App& app) : flags_(std::make_unique<Flags>()) {
  Flags& f = *flags_;

  // --- clock ---
  CLI::App* clock = app.add_subcommand("clock", "Show or move cartd's clock (stand-in controls)");
  clock->require_subcommand(0, 1);
  CLI::App* clock_show = clock->add_subcommand("show", "Show cartd's clock (the default)");
  const auto show = [this] {
    action_ = [](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Clock().Get(), FormatStandInClock);
    };
  };
  clock_show->callback(show);
  CLI::App* advance =
      clock->add_subcommand("advance", "Move cartd's clock forward by a duration (7d, PT36H)");
  advance->add_option("DURATION", f.clock_advance, "ISO 8601 (P7D, PT36H) or 7d, 36h, 90m")
      ->required();
  advance->callback([this, &f] {
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Clock().Advance(f.clock_advance), FormatStandInClock);
    };
  });
  CLI::App* set = clock->add_subcommand("set", "Move cartd's clock forward to a time");
  set->add_option("TIME", f.clock_set, "A later UTC time, 2030-01-01T00:00:00Z")->required();
  set->callback([this, &f] {
    const partnercenter::Timestamp to = TimeFlag("clock set", "TIME", f.clock_set);
    action_ = [to](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Clock().AdvanceTo(to), FormatStandInClock);
    };
  });
  clock->callback([clock, show] {
    if (clock->get_subcommands().empty()) show();
  });

  // --- faults ---
  CLI::App* faults = app.add_subcommand("faults", "Arm, list and clear fault rules");
  faults->require_subcommand(1);
  CLI::App* add = faults->add_subcommand("add", "Arm a fault rule");
  add->add_option("--operation", f.fault_operation,
                  "create, get, update, checkout, orders, subscriptions, catalog or any");
  add->add_option("--partner", f.fault_partner, "Only requests of this partner tenant");
  add->add_option("--customer", f.fault_customer, "Only requests for this customer");
  CLI::Option* action = add->add_option("--action", f.fault_action,
                                        "error (default), delay (default with --delay) or drop")
                            ->check(CLI::IsMember({"error", "delay", "drop"}));
  CLI::Option* status = add->add_option("--status", f.fault_status, "Error status, 400-599");
  CLI::Option* code = add->add_option("--code", f.fault_code, "Partner Center error code");
  CLI::Option* description =
      add->add_option("--description", f.fault_description, "Error description");
  CLI::Option* retry_after =
      add->add_option("--retry-after", f.fault_retry_after, "Seconds for Retry-After, 1-3600");
  CLI::Option* delay = add->add_option("--delay", f.fault_delay, "How long a delay rule waits");
  CLI::Option* count = add->add_option("--count", f.fault_count, "Fire at most this many times");
  CLI::Option* probability = add->add_option("--probability", f.fault_probability,
                                             "Fire on each matching request with this probability");
  add->callback([=, this, &f] {
    partnercenter::FaultRule& rule = f.rule;
    rule.operation = f.fault_operation;
    rule.partner = f.fault_partner;
    rule.customer = f.fault_customer;
    const std::string kind =
        action->count() > 0 ? f.fault_action : (delay->count() > 0 ? "delay" : "error");
    rule.action = *partnercenter::ParseFaultAction(kind);
    const bool error_flags =
        status->count() + code->count() + description->count() + retry_after->count() > 0;
    if (error_flags && rule.action != partnercenter::FaultAction::kError) {
      throw CLI::ValidationError("faults add",
                                 "--status, --code, --description and --retry-after are for "
                                 "--action error");
    }
    if (delay->count() > 0 && rule.action != partnercenter::FaultAction::kDelay) {
      throw CLI::ValidationError("faults add", "--delay is for --action delay");
    }
    if (rule.action == partnercenter::FaultAction::kDelay) {
      if (delay->count() == 0)
        throw CLI::ValidationError("faults add", "--action delay needs --delay");
      rule.delay = DurationFlag("faults add", "--delay", f.fault_delay);
    }
    if (status->count() > 0) rule.status = f.fault_status;
    if (code->count() > 0) rule.code = f.fault_code;
    if (description->count() > 0) rule.description = f.fault_description;
    if (retry_after->count() > 0) rule.retry_after_seconds = f.fault_retry_after;
    if (count->count() > 0) rule.count = f.fault_count;
    if (probability->count() > 0) rule.probability = f.fault_probability;
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Faults().Arm(f.rule), FormatFaultRule);
    };
  });
  CLI::App* list =
      faults->add_subcommand("list", "List the fault rules, with how often each fired");
  list->callback([this] {
    action_ = [](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Faults().Get(), FormatFaultRules);
    };
  });
  CLI::App* clear = faults->add_subcommand("clear", "Disarm every fault rule, or the one named");
  CLI::Option* clear_id = clear->add_option("ID", f.fault_id, "The rule's id (fault-1)");
  clear->callback([this, &f, clear_id] {
    const bool one = clear_id->count() > 0;
    action_ = [&f, one](const StandIn& stand_in, const ControlOutput& output) {
      return PrintRemoved(
          output, one ? stand_in.Faults().ById(f.fault_id).Clear() : stand_in.Faults().Clear(),
          "fault rule", "fault rules");
    };
  });

  // --- requests ---
  CLI::App* requests =
      app.add_subcommand("requests", "Read and clear the journal of the requests cartd received");
  requests->require_subcommand(1);
  CLI::App* tail = requests->add_subcommand("tail", "Show the latest requests, newest first");
  CLI::Option* limit =
      tail->add_option("--limit", f.tail_limit, "At most this many (default 100, at most 1000)");
  tail->add_option("--partner", f.tail_partner, "Only this partner tenant's requests");
  tail->add_option("--customer", f.tail_customer, "Only the requests for this customer");
  CLI::Option* since =
      tail->add_option("--since", f.tail_since, "Only those received since this UTC time");
  tail->add_flag("--follow,-f", f.follow,
                 "Keep printing new requests as they arrive, oldest first, until interrupted");
  tail->add_option("--interval", f.interval, "How often --follow asks for new requests")
      ->capture_default_str();
  tail->callback([this, &f, limit, since] {
    f.query = {};
    if (limit->count() > 0) f.query.limit = f.tail_limit;
    f.query.partner = f.tail_partner;
    f.query.customer = f.tail_customer;
    if (since->count() > 0) f.query.since = TimeFlag("requests tail", "--since", f.tail_since);
    f.poll_interval = DurationFlag("requests tail", "--interval", f.interval);
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      if (f.follow) return Follow(stand_in, output, f.query, f.poll_interval);
      return Print(output, stand_in.Requests().Get(f.query), FormatJournal);
    };
  });
  CLI::App* requests_clear = requests->add_subcommand("clear", "Empty the journal");
  requests_clear->callback([this] {
    action_ = [](const StandIn& stand_in, const ControlOutput& output) {
      return PrintRemoved(output, stand_in.Requests().Clear(), "journal entry", "journal entries");
    };
  });

  // --- reset, fixtures ---
  CLI::App* reset = app.add_subcommand(
      "reset", "Delete every cart, order, subscription and customer; reload the demo data");
  reset->add_flag("--empty", f.reset_empty, "Leave the store empty: no demo data");
  reset->callback([this, &f] {
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output,
                   stand_in.Reset(f.reset_empty ? partnercenter::ResetTarget::kEmpty
                                                : partnercenter::ResetTarget::kDemo),
                   FormatLoadedFixtures);
    };
  });
  CLI::App* fixtures = app.add_subcommand("fixtures", "Load customers and carts");
  fixtures->require_subcommand(1);
  CLI::App* load = fixtures->add_subcommand("load", "Load a fixtures document");
  load->add_option("FILE", f.fixtures_file, "The fixtures JSON ('-': stdin)")->required();
  load->callback([this, &f] {
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      std::optional<std::string> text = ReadFile(f.fixtures_file);
      if (!text) {
        Error error;
        error.kind = ErrorKind::kInvalidArgument;
        error.description = f.fixtures_file + ": cannot open the file";
        return Fail(output, error);
      }
      return Print(output, stand_in.Fixtures().Load(*text), FormatLoadedFixtures);
    };
  });

  // --- token, customers ---
  CLI::App* token = app.add_subcommand("token", "Mint development tokens on cartd's clock");
  token->require_subcommand(1);
  CLI::App* mint = token->add_subcommand(
      "mint", "Mint a token; prints it alone (as a table) or with its expiry (as JSON)");
  mint->add_option("--tenant", f.token_tenant, "The partner tenant")->required();
  CLI::Option* user = mint->add_option("--user", f.token_user, "User object id: App+User token");
  CLI::Option* app_id = mint->add_option("--app", f.token_app, "Application id: App-only token");
  user->excludes(app_id);
  CLI::Option* ttl = mint->add_option("--ttl", f.token_ttl, "Lifetime (default 1h)");
  mint->callback([this, &f, user, app_id, ttl] {
    if (user->count() + app_id->count() == 0) {
      throw CLI::ValidationError("token mint", "give --user ID or --app ID");
    }
    f.token_request = {.tenant = f.token_tenant, .user = f.token_user, .app = f.token_app};
    if (ttl->count() > 0) {
      f.token_request.ttl = std::chrono::duration_cast<std::chrono::seconds>(
          DurationFlag("token mint", "--ttl", f.token_ttl));
    }
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      Result<partnercenter::MintedToken> minted = stand_in.Tokens().Mint(f.token_request);
      if (!minted.ok()) return Fail(output, minted.error());
      if (output.json) {
        output.out << partnercenter::ToJson(*minted) << '\n';
      } else {
        output.out << minted->token << '\n';
      }
      return kExitOk;
    };
  });
  CLI::App* customers = app.add_subcommand("customers", "List the customers cartd knows");
  customers->require_subcommand(1);
  CLI::App* customers_list = customers->add_subcommand("list", "List the customers");
  customers_list->add_option("--partner", f.customers_partner, "Only this partner tenant's");
  customers_list->callback([this, &f] {
    action_ = [&f](const StandIn& stand_in, const ControlOutput& output) {
      return Print(output, stand_in.Customers().Get(f.customers_partner), FormatStandInCustomers);
    };
  });
}

}  // namespace cartctl
